#!/usr/bin/env bash
# Builds libmpi4jni.so from the C glue with the MPI compiler wrapper (mpicc of Open MPI or MPICH).
#   build-native.sh <c-source-dir> <output-dir> <object-dir>
# MPICC overrides the compiler; JNI headers come from JAVA_HOME or any JDK under /usr/lib/jvm (the
# JNI headers are stable across JDK versions). Without an MPI compiler the build goes on without
# the library: the provider then reports what to install when it is selected.
set -euo pipefail
src=$1 out=$2 obj=$3
cc=${MPICC:-}
if [[ -z $cc ]]; then
  cc=$(command -v mpicc || true)
fi
if [[ -z $cc ]] || ! command -v "$cc" >/dev/null 2>&1; then
  echo "[mpi4j native] no MPI C compiler found (mpicc, or set MPICC): building the Java part only."
  echo "[mpi4j native] to build the native provider install Open MPI (Debian/Ubuntu: apt-get install openmpi-bin libopenmpi-dev) or MPICH (apt-get install mpich libmpich-dev)."
  rm -f "$out/libmpi4jni.so" "$out/libmpi4jni.properties"
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
lib=$out/libmpi4jni.so
# Rebuild only when a source is newer than the library (the build must stay fast and offline), or
# when the library was built with another compiler: switching MPICC between Open MPI and MPICH
# must not keep a library linked against the other MPI.
props=$out/libmpi4jni.properties
if [[ -f $lib ]] && [[ -z $(find "$src" -newer "$lib" -type f) ]] \
   && [[ -f $props ]] && grep -qxF "compiler=$cc" "$props"; then
  exit 0
fi
flags=(-std=c11 -O2 -g -fPIC -shared -Wall -Wextra -Wno-unused-parameter -D_GNU_SOURCE
       -I"$jni" -I"$jni/linux")
"$cc" "${flags[@]}" "$src"/*.c -o "$obj/libmpi4jni.so" -ldl
mv "$obj/libmpi4jni.so" "$lib"
{
  echo "compiler=$cc"
  echo "showme=$("$cc" -show 2>/dev/null || "$cc" --showme 2>/dev/null || true)"
  echo "built=$(date -u +%FT%TZ)"
} > "$out/libmpi4jni.properties"
echo "[mpi4j native] built $lib with $cc"
