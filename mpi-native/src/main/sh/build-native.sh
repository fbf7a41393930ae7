#!/usr/bin/env bash
# Builds the C glue once per MPI family installed on the machine, so that one jar runs under
# Open MPI's mpirun and under MPICH's mpiexec alike (the provider picks the library that matches
# the job it was started in, see NativeLibrary):
#   build-native.sh <c-source-dir> <output-dir> <object-dir>
# writes <output-dir>/libmpi4jni-<family>.so for each family (openmpi: libmpi.so.40; mpich:
# libmpich.so.12 or the MPICH ABI's libmpi.so.12) and <output-dir>/libmpi4jni.list, one line
# "<family> <compiler>" per library, the default MPI's (mpicc's) first.
# Compilers: MPICC alone when set; otherwise mpicc, mpicc.openmpi and mpicc.mpich (Debian's names
# for the two families beside the default). JNI headers come from JAVA_HOME or any JDK under
# /usr/lib/jvm (the JNI headers are stable across JDK versions). Without an MPI compiler the build
# goes on without a library: the provider then reports what to install when it is selected.
set -euo pipefail
src=$1 out=$2 obj=$3

compilers=()
if [[ -n ${MPICC:-} ]]; then
  compilers=("$MPICC")
else
  for c in mpicc mpicc.openmpi mpicc.mpich; do
    if p=$(command -v "$c"); then compilers+=("$p"); fi
  done
fi
# Each compiler once, by its real path: Debian's mpicc is a link to mpicc.openmpi or mpicc.mpich.
# (compared by real path, but run by name: Open MPI's wrappers are links to one program that reads
# the name it was called by).
found=()
seen=" "
for c in "${compilers[@]}"; do
  p=$(command -v "$c" 2>/dev/null) || continue
  real=$(readlink -f "$p")
  [[ $seen == *" $real "* ]] && continue
  seen+="$real "
  found+=("$p")
done
if [[ ${#found[@]} -eq 0 ]]; then
  echo "[mpi4j native] no MPI C compiler found (mpicc, or set MPICC): building the Java part only."
  echo "[mpi4j native] to build the native provider install Open MPI (Debian/Ubuntu: apt-get install openmpi-bin libopenmpi-dev) or MPICH (apt-get install mpich libmpich-dev)."
  rm -f "$out"/libmpi4jni*.so "$out"/libmpi4jni*.properties "$out"/libmpi4jni.list
  exit 0
fi
jni=""
for home in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  if [[ -n $home && -f $home/include/jni.h ]]; then jni=$home/include; fi
done
if [[ -z $jni ]]; then
  echo "[mpi4j native] no jni.h found (JAVA_HOME/include or /usr/lib/jvm/*/include); install a JDK" >&2
  exit 1
fi
mkdir -p "$out" "$obj"
# Old single-library layout (before one library per family): never leave it to be loaded.
rm -f "$out/libmpi4jni.so" "$out/libmpi4jni.properties"

# The family of a library, from the MPI library it links (its DT_NEEDED entries).
family_of() {
  local needed
  needed=$(readelf -d "$1" 2>/dev/null | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p')
  case $needed in
    *libmpi.so.40*) echo openmpi ;;
    *libmpich.so*|*libmpi.so.12*) echo mpich ;;
    *) echo "" ;;
  esac
}

flags=(-std=c11 -O2 -g -fPIC -shared -Wall -Wextra -Wno-unused-parameter -D_GNU_SOURCE
       -I"$jni" -I"$jni/linux")
list=()
declare -A built=()
for cc in "${found[@]}"; do
  # Compile to a scratch file first: the family is only known from what it links.
  probe=$obj/probe-$(basename "$cc").so
  lib=""
  # Reuse a library when no source is newer and it was built by this compiler: the build must stay
  # fast and offline, and switching compilers must not keep a library linked against another MPI.
  for f in openmpi mpich; do
    cand=$out/libmpi4jni-$f.so props=$out/libmpi4jni-$f.properties
    if [[ -f $cand && -f $props ]] && grep -qxF "compiler=$cc" "$props" \
       && [[ -z $(find "$src" -newer "$cand" -type f) ]]; then
      lib=$cand family=$f
    fi
  done
  if [[ -z $lib ]]; then
    "$cc" "${flags[@]}" "$src"/*.c -o "$probe" -ldl
    family=$(family_of "$probe")
    if [[ -z $family ]]; then
      echo "[mpi4j native] $cc links no known MPI library (libmpi.so.40, libmpich.so.12, libmpi.so.12): skipped" >&2
      rm -f "$probe"
      continue
    fi
    if [[ -n ${built[$family]:-} ]]; then
      rm -f "$probe" # the default mpicc is one of the named ones: one library per family
      continue
    fi
    lib=$out/libmpi4jni-$family.so
    mv "$probe" "$lib"
    {
      echo "compiler=$cc"
      echo "showme=$("$cc" -show 2>/dev/null || "$cc" --showme 2>/dev/null || true)"
      echo "built=$(date -u +%FT%TZ)"
    } > "$out/libmpi4jni-$family.properties"
    echo "[mpi4j native] built $lib with $cc"
  fi
  if [[ -z ${built[$family]:-} ]]; then
    built[$family]=1
    list+=("$family $cc")
  fi
done
# Libraries of families no longer found (or excluded by MPICC) must not be picked at run time.
for f in openmpi mpich; do
  if [[ -z ${built[$f]:-} ]]; then rm -f "$out/libmpi4jni-$f.so" "$out/libmpi4jni-$f.properties"; fi
done
printf '%s\n' "${list[@]}" > "$out/libmpi4jni.list"
