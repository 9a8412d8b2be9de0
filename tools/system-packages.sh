#!/usr/bin/env bash
# The Debian/Ubuntu packages the test suites need (the C++ toolchain and GoogleTest for the firmware,
# socat for pseudo-terminals, Chromium for the UI, Python for the model), installed when missing.
# Needs root or sudo; elsewhere it says what to install and goes on (the suites then skip, or fail
# with CI=true).
set -euo pipefail

APT_PACKAGES=(chromium socat udev g++ cmake make libgtest-dev python3 python3-venv)

if ! command -v dpkg >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "Not a Debian/Ubuntu system: install by hand what your tests need: ${APT_PACKAGES[*]}"
  exit 0
fi
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "Missing packages (${missing[*]}) and neither root nor sudo: install them by hand."
    exit 0
  fi
fi
echo "::group::apt-get install ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "::endgroup::"
