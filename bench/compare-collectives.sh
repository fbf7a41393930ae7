#!/usr/bin/env bash
# Compares mpi4j's sim provider with C Open MPI on two collectives: barrier latency and allreduce
# (SUM) of 1 MiB of doubles, on 4 and 64 ranks. Builds and runs bench/c/collectives.c under mpirun
# and io.mpi4j.bench.CollectivesHarness (docs/src/test/java) on sim, then prints a table with the
# ratio sim/C. Not part of the test suite; on a small machine the figures are noisy: compare the
# ratios of one run.
#
#   bench/compare-collectives.sh [--installed] [--threads virtual|platform] [--algorithms shared_memory|point_to_point]
#
#   --installed   compile the harness against the mpi-api and mpi-sim installed in ~/.m2
#                 (./mvnw install) instead of building them from this checkout
#   --threads     the kind of thread a sim rank runs on (default: virtual)
#   --algorithms  sim's shared-memory collectives (default) or the SPI's point-to-point algorithms
#
# Needs a JDK 25 or newer (JAVA_HOME, /usr/lib/jvm, ~/.sdkman, ~/.jdks, /opt) and Open MPI with its
# compiler wrapper: on Debian/Ubuntu `apt-get install -y openmpi-bin libopenmpi-dev`.
# Iterations: BARRIER_ITERS_4 ALLREDUCE_ITERS_4 BARRIER_ITERS_64 ALLREDUCE_ITERS_64 override them.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
installed=false
threads=virtual
algorithms=shared_memory
while [ $# -gt 0 ]; do
  case "$1" in
    --installed) installed=true ;;
    --threads) threads="$2"; shift ;;
    --algorithms) algorithms="$2"; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare-collectives: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

# Iterations: 64 ranks on a few cores are heavily oversubscribed (Open MPI polls), so fewer there.
b4="${BARRIER_ITERS_4:-10000}"; a4="${ALLREDUCE_ITERS_4:-200}"
b64="${BARRIER_ITERS_64:-1000}"; a64="${ALLREDUCE_ITERS_64:-20}"

# ---- tools ----
for tool in mpicc mpirun; do
  if ! command -v "$tool" > /dev/null 2>&1; then
    echo "compare-collectives: $tool not found; install Open MPI (Debian/Ubuntu: apt-get install -y openmpi-bin libopenmpi-dev)" >&2
    exit 2
  fi
done

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
  echo "compare-collectives: no JDK 25 or newer found (JAVA_HOME, /usr/lib/jvm, ~/.sdkman, ~/.jdks, /opt)" >&2
  exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# ---- build ----
echo "== building bench/c/collectives.c ($(mpicc --showme:version 2>/dev/null | head -n 1 || echo mpicc))" >&2
mpicc -O2 -o "$work/collectives" "$root/bench/c/collectives.c"

cd "$root"
if $installed; then
  echo "== compiling the harness against the installed mpi-api/mpi-sim (./mvnw -pl docs test-compile)" >&2
  ./mvnw -q -B -DskipTests -pl docs test-compile
  ./mvnw -q -B -pl docs dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt" > /dev/null
  cp="docs/target/test-classes:docs/target/classes:$(cat "$work/cp.txt")"
else
  echo "== building mpi-api, mpi-sim and the harness from this checkout (./mvnw -pl docs -am test-compile)" >&2
  ./mvnw -q -B -DskipTests -pl docs -am test-compile
  cp="docs/target/test-classes:docs/target/classes:mpi-api/target/classes:mpi-sim/target/classes"
fi

# ---- run ----
out="$work/results.txt"
echo "== $(nproc) cores; Open MPI: mpirun --oversubscribe; sim: $threads threads, $algorithms collectives" >&2
for spec in "4 $b4 $a4" "64 $b64 $a64"; do
  set -- $spec
  echo "== C Open MPI, $1 ranks (barrier x $2, allreduce x $3)" >&2
  mpirun --allow-run-as-root --oversubscribe -n "$1" "$work/collectives" "$2" "$3" | tee -a "$out" >&2
  echo "== Java sim, $1 ranks (barrier x $2, allreduce x $3)" >&2
  "$jdk/bin/java" -cp "$cp" io.mpi4j.bench.CollectivesHarness --ranks "$1" --barrier-iters "$2" \
      --allreduce-iters "$3" --threads "$threads" --algorithms "$algorithms" | tee -a "$out" >&2
done

# ---- table ----
awk '
  /^collectives / {
    impl = ""; ranks = ""; op = ""; usec = ""
    for (i = 2; i <= NF; i++) {
      split($i, kv, "=")
      if (kv[1] == "impl") impl = kv[2]
      else if (kv[1] == "ranks") ranks = kv[2]
      else if (kv[1] == "op") op = kv[2]
      else if (kv[1] == "usec") usec = kv[2]
    }
    key = op " " ranks
    if (!(key in seen)) { seen[key] = 1; order[++n] = key }
    t[key, impl] = usec
  }
  END {
    printf "| %-22s | %5s | %14s | %14s | %9s |\n", "collective", "ranks", "C Open MPI us", "mpi4j sim us", "sim / C"
    printf "|%s|%s|%s|%s|%s|\n", "------------------------", "-------", "----------------", "----------------", "-----------"
    for (i = 1; i <= n; i++) {
      split(order[i], k, " ")
      name = k[1] == "allreduce" ? "allreduce 1 MiB double" : k[1]
      c = t[order[i], "openmpi"]; s = t[order[i], "sim"]
      ratio = (c > 0 && s != "") ? sprintf("%.2f", s / c) : "-"
      printf "| %-22s | %5s | %14s | %14s | %9s |\n", name, k[2], c, s, ratio
    }
  }' "$out"
