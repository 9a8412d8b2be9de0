#!/usr/bin/env bash
# Builds the firmware's host targets (core library, virtual-rig, GoogleTest suite) with CMake into
# firmware/build/ and runs them through ctest. Any configure, build or test failure fails the
# script. Needs cmake, a C++17 compiler and Debian's libgtest-dev; uses Ninja when installed.
#
#   firmware/scripts/test.sh            # configure, build, test
#   BUILD_TYPE=Release firmware/scripts/test.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${here}/build"
jobs="${JOBS:-2}"

generator=()
if [[ ! -f "${build}/CMakeCache.txt" ]] && command -v ninja >/dev/null 2>&1; then
  generator=(-G Ninja)
fi

echo "== firmware: configure (${build})"
cmake -S "${here}" -B "${build}" "${generator[@]}" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Debug}"
echo "== firmware: build (-j${jobs})"
cmake --build "${build}" -j "${jobs}"
echo "== firmware: test"
ctest --test-dir "${build}" --output-on-failure -j "${jobs}"
