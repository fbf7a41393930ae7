#!/usr/bin/env bash
# Runs mpi4j's benchmarks and writes the comparison report (DESIGN §8, issue 9): the JMH benchmarks
# of the jmh module (ping-pong latency and bandwidth for arrays, direct buffers and segments; objects;
# barrier, bcast, allreduce, allgather, alltoall on 2, 4 and 16 ranks; sim on 1 024 ranks) and, in the
# same invocation, the C reference (bench/c/pingpong.c, bench/c/collectives.c --suite) over the
# system's MPI. Writes into bench/results/:
#
#   results.md               provider × benchmark × size, absolute figures and the ratio to C
#   latency.png              ping-pong latency curves per provider and buffer kind, and C
#   bandwidth.png            ping-pong bandwidth curves
#   jmh.csv, c.txt           the raw figures the report was made from
#
#   bench/run-benchmarks.sh [--installed] [--quick] [--huge] [--no-c] [--out DIR] [-- JMH options...]
#
#   --installed  use the mpi-api and mpi-sim installed in ~/.m2 (./mvnw install) instead of building
#                them from this checkout
#   --quick      a trial run in about a minute: few sizes, one short iteration (numbers not meaningful)
#   --huge       also run sim on 100 000 ranks (SimHugeScaleBenchmark: a 4 GB heap, a few minutes)
#   --no-c       skip the C reference
#   --out DIR    write there instead of bench/results
#   -- ...       passed to JMH, e.g. -- -wi 3 -i 5 -r 1s, or a benchmark regex: -- PingPong
#
# About 4-6 minutes on a 2-core machine. Figures on a small, shared machine are noisy: compare the
# ratios of one run. Needs a JDK 25 or newer (JAVA_HOME, /usr/lib/jvm, ~/.sdkman, ~/.jdks, /opt) and,
# for the C reference, an MPI with mpicc and mpirun (Debian/Ubuntu: apt-get install -y openmpi-bin
# libopenmpi-dev); without one the C columns stay empty.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
installed=false
quick=false
huge=false
with_c=true
out="$root/bench/results"
jmh_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --installed) installed=true ;;
    --quick) quick=true ;;
    --huge) huge=true ;;
    --no-c) with_c=false ;;
    --out) out="$(mkdir -p "$2" && cd "$2" && pwd -P)"; shift ;;
    --) shift; jmh_args=("$@"); break ;;
    -h|--help) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-benchmarks: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
start=$(date +%s)
load_before="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
export LC_ALL=C

# ---- JDK ----
feature_of() {
  local home="$1" version
  [ -f "$home/release" ] && [ -x "$home/bin/java" ] || return 0
  version="$(sed -n 's/^JAVA_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$home/release" | head -n 1)"
  version="${version#1.}"
  printf '%s\n' "${version%%[!0-9]*}"
}
jdk=""
for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* /opt/* /opt/java/*; do
  [ -n "$candidate" ] && [ -d "$candidate" ] || continue
  f="$(feature_of "$candidate")"
  if [ -n "$f" ] && [ "$f" -ge 25 ]; then jdk="$candidate"; break; fi
done
if [ -z "$jdk" ]; then
  echo "run-benchmarks: no JDK 25 or newer found (JAVA_HOME, /usr/lib/jvm, ~/.sdkman, ~/.jdks, /opt)" >&2
  exit 2
fi
java="$jdk/bin/java"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# ---- build ----
cd "$root"
if $installed; then
  echo "== building the jmh module against the installed mpi-api/mpi-sim (./mvnw -pl jmh package)" >&2
  ./mvnw -q -B -DskipTests -pl jmh package dependency:build-classpath \
      -Dmdep.includeScope=runtime -Dmdep.outputFile="$work/cp.txt" > /dev/null
else
  echo "== building mpi-api, mpi-sim and the jmh module from this checkout (./mvnw -pl jmh -am package)" >&2
  ./mvnw -q -B -DskipTests -pl jmh -am package dependency:build-classpath \
      -Dmdep.includeScope=runtime -Dmdep.outputFile="$work/cp.txt" > /dev/null
fi
cp="$root/jmh/target/classes:$(cat "$work/cp.txt")"

# ---- C reference ----
c_out="$out/c.txt"
: > "$c_out"
c_seconds=0.3
ranks_list="2 4 16"
if $quick; then c_seconds=0.05; ranks_list="2 4"; fi
mpi_version=""
if ! $with_c; then
  mpi_version="skipped (--no-c)"
  echo "== skipping the C reference (--no-c)" >&2
elif ! command -v mpicc > /dev/null 2>&1 || ! command -v mpirun > /dev/null 2>&1; then
  mpi_version="skipped (no MPI installed)"
  echo "== skipping the C reference: no MPI found (mpicc and mpirun; Debian/Ubuntu: apt-get install -y openmpi-bin libopenmpi-dev)" >&2
else
  mpi_version="$(mpirun --version 2>/dev/null | head -n 1)"
  echo "== C reference: $mpi_version" >&2
  mpicc -O2 -o "$work/pingpong" bench/c/pingpong.c
  mpicc -O2 -o "$work/collectives" bench/c/collectives.c
  mpirun=(mpirun --oversubscribe)
  [ "$(id -u)" = 0 ] && mpirun+=(--allow-run-as-root)
  echo "== C ping-pong, 2 ranks" >&2
  if $quick; then
    "${mpirun[@]}" -n 2 "$work/pingpong" "$c_seconds" 8 1024 65536 1048576 | tee -a "$c_out" >&2
  else
    "${mpirun[@]}" -n 2 "$work/pingpong" "$c_seconds" | tee -a "$c_out" >&2
  fi
  for n in $ranks_list; do
    echo "== C collectives, $n ranks" >&2
    "${mpirun[@]}" -n "$n" "$work/collectives" --suite "$c_seconds" | tee -a "$c_out" >&2
  done
fi

# ---- JMH ----
args=(-rf csv -rff "$out/jmh.csv")
if ! $huge; then args+=(-e SimHugeScaleBenchmark); fi
if $quick; then
  args+=(-wi 1 -w 200ms -i 1 -r 300ms -p ranks=2,4 -p kind=BYTES,SEGMENT -e ObjectPingPong)
fi
echo "== JMH ($java)" >&2
"$java" -cp "$cp" org.openjdk.jmh.Main "${args[@]}" "${jmh_args[@]}" > "$work/jmh.log" 2>&1 || {
  tail -n 40 "$work/jmh.log" >&2
  echo "run-benchmarks: JMH failed (log above)" >&2
  exit 1
}
sed -n '/^Benchmark /,$p' "$work/jmh.log" >&2

# ---- report ----
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)"
elapsed=$(( $(date +%s) - start ))
"$java" -cp "$cp" io.mpi4j.jmh.report.Report --jmh "$out/jmh.csv" --c "$c_out" --out "$out" \
    --note "run $(date -u +%Y-%m-%dT%H:%MZ) with \`bench/run-benchmarks.sh$($quick && echo ' --quick')$($huge && echo ' --huge')\` in ${elapsed} s" \
    --note "machine: $(nproc) cores${cpu:+ ($cpu)}, load average before the run: $load_before" \
    --note "JVM: $("$java" -version 2>&1 | head -n 1); C: ${mpi_version}$([ -n "$(cat "$c_out")" ] && echo ' with mpirun --oversubscribe')" \
    --note "mpi4j: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet HEAD -- mpi-api mpi-sim jmh 2>/dev/null || echo ' with uncommitted changes')$($installed && echo ', mpi-api/mpi-sim as installed in ~/.m2')"
echo "== done in $(( $(date +%s) - start )) s: $out/results.md" >&2
