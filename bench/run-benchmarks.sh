#!/usr/bin/env bash
# Runs mpi4j's benchmarks and writes the comparison report (DESIGN §8, issue 9): the JMH benchmarks
# of the jmh module (ping-pong latency and bandwidth for arrays, direct buffers and segments; objects;
# barrier, bcast, allreduce, allgather, alltoall) on every provider — sim in JMH's own fork on 2, 4
# and 16 ranks plus 1 024 and 100 000 ranks; shm and native as jobs of 2 and 4 processes whose rank 0
# runs JMH (io.mpi4j.jmh.ProcessBench) — and, in the same invocation, the C reference
# (bench/c/pingpong.c, bench/c/collectives.c --suite) over the system's MPI. Writes into
# bench/results/:
#
#   results.md               provider × benchmark × size, absolute figures (± JMH's error) and the
#                            ratio to C, and where each provider stands against DESIGN §8
#   latency.png              ping-pong latency curves per provider and buffer kind, and C
#   bandwidth.png            ping-pong bandwidth curves
#   collectives.png          collectives on 4 ranks, each provider's time ÷ C's
#   jmh-*.csv, c.txt         the raw figures the report was made from (one CSV per JMH run)
#
#   bench/run-benchmarks.sh [--installed] [--quick] [--no-huge] [--providers "sim shm native"]
#                           [--process-ranks "2 4"] [--no-c] [--out DIR] [-- JMH options...]
#
#   --installed      use the mpi4j modules installed in the local Maven repository (./mvnw install)
#                    instead of building them from this checkout
#   --quick          a trial run in a few minutes: few sizes, one short iteration (numbers not
#                    meaningful), no 100 000 ranks
#   --no-huge        skip sim on 100 000 ranks (SimHugeScaleBenchmark: a 4 GB heap, 1-2 minutes)
#   --providers L    the providers to run (default "sim shm native"; native needs mpirun and the
#                    provider's JNI library, built by ./mvnw where mpicc exists, else it is skipped)
#   --process-ranks L  the job sizes of shm and native (default "2 4"; 16 JVMs on 2 cores mostly
#                    measure the scheduler, see the jmh module's docs)
#   --no-c           skip the C reference
#   --out DIR        write there instead of bench/results
#   -- ...           passed to every JMH run, e.g. -- -wi 3 -i 5 -r 1s, or a benchmark regex: -- PingPong
#
# About 6-12 minutes on a 2-core machine (361 s at load 3, 711 s at load 15). Figures on a small,
# shared machine are noisy: compare the ratios of one run; the report lists the load per phase.
# Needs a JDK 25 or newer (JAVA_HOME, /usr/lib/jvm, ~/.sdkman, ~/.jdks, /opt) and, for the C
# reference and native, an MPI with mpicc and mpirun (Debian/Ubuntu: apt-get install -y openmpi-bin
# libopenmpi-dev); without one the C and native columns stay empty. Maven options (an offline
# build, another local repository) go in MAVEN_ARGS, which ./mvnw reads.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
installed=false
quick=false
huge=true
with_c=true
providers="sim shm native"
process_ranks="2 4"
out="$root/bench/results"
jmh_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --installed) installed=true ;;
    --quick) quick=true ;;
    --huge) huge=true ;;
    --no-huge) huge=false ;;
    --providers) providers="$2"; shift ;;
    --process-ranks) process_ranks="$2"; shift ;;
    --no-c) with_c=false ;;
    --out) out="$(mkdir -p "$2" && cd "$2" && pwd -P)"; shift ;;
    --) shift; jmh_args=("$@"); break ;;
    -h|--help) sed -n '2,38p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-benchmarks: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if $quick; then huge=false; fi
has() { case " $providers " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
start=$(date +%s)
load_before="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
# The 1-minute load average as each phase starts: on a shared machine the load moves within a run,
# and a phase measured under load is recognizable in the report.
phase_loads=""
phase() { phase_loads="${phase_loads:+$phase_loads, }$1 $(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')"; }
# The C 8-byte ping-pong again as each process phase starts: on a shared or virtual machine the
# same C program swings between speeds (0.09 and 0.4 us here, from where the host puts the two
# cores), so a provider's phase is judged against the C figure taken next to it, listed in the report.
phase_c=""
c_probe() {
  [ -x "$work/pingpong" ] || return 0
  local us
  us="$("${mpirun[@]}" -n 2 "$work/pingpong" 0.2 8 2>/dev/null | sed -n 's/.*bytes=8 .*usec=\([0-9.]*\).*/\1/p' | head -n 1)"
  phase_c="${phase_c:+$phase_c, }$1 ${us:-?} us"
}
# C numbers (a decimal point) and byte-order sorting for the tools here; the character set stays the
# user's, so that non-ASCII arguments reach Java intact (LC_ALL=C garbled them)
if [ -n "${LC_ALL:-}" ]; then export LC_CTYPE="$LC_ALL"; unset LC_ALL; fi
export LC_NUMERIC=C LC_COLLATE=C

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
  echo "== building the jmh module against the installed mpi4j modules (./mvnw -pl jmh package)" >&2
  ./mvnw -q -B -DskipTests -pl jmh package dependency:build-classpath \
      -Dmdep.includeScope=runtime -Dmdep.outputFile="$work/cp.txt" > /dev/null
else
  echo "== building the providers and the jmh module from this checkout (./mvnw -pl jmh -am package)" >&2
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
  phase "C"
  mpicc -O2 -o "$work/pingpong" bench/c/pingpong.c
  mpicc -O2 -o "$work/collectives" bench/c/collectives.c
  mpirun=(mpirun --oversubscribe)
  [ "$(id -u)" = 0 ] && mpirun+=(--allow-run-as-root)
  # the native provider turns Open MPI 4's single-copy path off (it writes truncated messages past
  # the receive buffer; README, native provider): the C reference runs the same transport
  if [[ $mpi_version == *"Open MPI) 4."* ]]; then
    mpirun+=(--mca btl_vader_single_copy_mechanism none)
    mpi_version="$mpi_version, btl_vader_single_copy_mechanism none as the native provider sets it"
  fi
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

# ---- JMH: sim, in JMH's own forks ----
csvs=()
rm -f "$out"/jmh*.csv
if has sim; then
  args=(-rf csv -rff "$out/jmh-sim.csv")
  if ! $huge; then args+=(-e SimHugeScaleBenchmark); fi
  if $quick; then
    args+=(-wi 1 -w 200ms -i 1 -r 300ms -p ranks=2,4 -p kind=BYTES,SEGMENT -e ObjectPingPong)
  else
    # 1 warm-up and 3 measured iterations: JMH's error over 3 samples is wide, but the whole run fits
    # 15 minutes on 2 cores; pass -- -wi 2 -i 5 for tighter figures
    args+=(-wi 1 -i 3)
  fi
  echo "== JMH, sim ($java)" >&2
  phase "sim"
  "$java" -cp "$cp" org.openjdk.jmh.Main "${args[@]}" "${jmh_args[@]}" > "$work/jmh-sim.log" 2>&1 || {
    tail -n 40 "$work/jmh-sim.log" >&2
    echo "run-benchmarks: JMH failed on sim (log above)" >&2
    exit 1
  }
  sed -n '/^Benchmark /,$p' "$work/jmh-sim.log" >&2
  csvs+=(--jmh "$out/jmh-sim.csv")
fi

# ---- JMH: shm and native, rank 0 of each job runs JMH in-process (ProcessBench) ----
process_args=(-wi 1 -w 300ms -i 3 -r 300ms)
if $quick; then process_args=(-wi 0 -i 1 -r 200ms -p kind=BYTES,SEGMENT -e ObjectPingPong); fi
job_timeout=300
native_note=""
# Whether the class path's mpi-native carries its JNI library (built only where mpicc exists).
has_jni() {
  local e
  for e in $(tr ':' ' ' <<< "$cp"); do
    case "$e" in
      *mpi-native*)
        if [ -d "$e" ]; then
          ls "$e"/META-INF/native/*/libmpi4jni-*.so > /dev/null 2>&1 && return 0
        else
          "$jdk/bin/jar" tf "$e" 2> /dev/null | grep -q 'libmpi4jni-[a-z]*\.so' && return 0
        fi ;;
    esac
  done
  return 1
}
if has native; then
  if ! command -v mpirun > /dev/null 2>&1; then
    native_note="skipped (no mpirun)"
  elif ! has_jni; then
    native_note="skipped (mpi-native was built without an MPI compiler: no libmpi4jni-*.so)"
  fi
  [ -n "$native_note" ] && echo "== native $native_note" >&2
fi
mpirun_native=(mpirun --oversubscribe --bind-to none)
[ "$(id -u)" = 0 ] && mpirun_native+=(--allow-run-as-root)
for provider in shm native; do
  has "$provider" || continue
  [ "$provider" = native ] && [ -n "$native_note" ] && continue
  for n in $process_ranks; do
    csv="$out/jmh-$provider-$n.csv"
    log="$work/jmh-$provider-$n.log"
    echo "== JMH, $provider on $n processes (rank 0 runs JMH)" >&2
    phase "$provider-$n"
    c_probe "$provider-$n"
    bench=("$java" -Dmpi4j.provider="$provider" -cp "$cp" io.mpi4j.jmh.ProcessBench "${process_args[@]}" -rf csv -rff "$csv" "${jmh_args[@]}")
    if [ "$provider" = shm ]; then
      launch=("$java" -cp "$cp" io.mpi4j.shm.ShmLauncher -n "$n" --timeout "$job_timeout" --exec "${bench[@]}")
    else
      launch=(timeout "$job_timeout" "${mpirun_native[@]}" -n "$n" "${bench[0]}" --enable-native-access=ALL-UNNAMED "${bench[@]:1}")
    fi
    if "${launch[@]}" > "$log" 2>&1; then
      sed -n '/^\(\[0\] \)\{0,1\}Benchmark /,$p' "$log" | sed 's/^\[0\] //' >&2
      csvs+=(--jmh "$csv")
    else
      tail -n 30 "$log" >&2
      echo "run-benchmarks: the $provider job of $n processes failed (log above); its columns stay empty" >&2
    fi
  done
done

# ---- report ----
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)"
elapsed=$(( $(date +%s) - start ))
load_after="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
# A run on a machine busier than its cores measures the scheduler: say so at the top of the report.
loaded_note=()
if awk -v a="${load_before%% *}" -v b="${load_after%% *}" -v n="$(nproc)" 'BEGIN { exit !(a + 0 > n || b + 0 > n) }'; then
  loaded_note=(--note "**loaded machine**: the load average exceeded the $(nproc) cores, so waiting ranks were descheduled and small-message figures measure the scheduler more than the providers; compare ratios within this run, and judge the verdicts against DESIGN section 8 only from a run on an idle machine (or from the phases whose load stayed low, listed below)")
fi
"$java" -cp "$cp" io.mpi4j.jmh.report.Report "${csvs[@]}" --c "$c_out" --out "$out" "${loaded_note[@]}" \
    --note "run $(date -u +%Y-%m-%dT%H:%MZ) with \`bench/run-benchmarks.sh$($quick && echo ' --quick')$($huge || echo ' --no-huge')\` in ${elapsed} s" \
    --note "machine: $(nproc) cores${cpu:+ ($cpu)}, load average (1, 5, 15 min) before the run: $load_before, after: $load_after" \
    --note "providers: ${providers}; shm and native on $(echo $process_ranks | sed 's/ /, /g') processes${native_note:+; native $native_note}" \
    --note "1-minute load average as each phase started: ${phase_loads:-none}" \
    --note "C 8 B ping-pong latency as each process phase started (the host's speed then): ${phase_c:-not measured}" \
    --note "JVM: $("$java" -version 2>&1 | head -n 1); C: ${mpi_version}$([ -n "$(cat "$c_out")" ] && echo ' with mpirun --oversubscribe')" \
    --note "mpi4j: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet HEAD -- mpi-api mpi-sim mpi-shm mpi-native jmh 2>/dev/null || echo ' with uncommitted changes')$($installed && echo ', modules as installed in the local Maven repository')"
echo "== done in $(( $(date +%s) - start )) s: $out/results.md" >&2
