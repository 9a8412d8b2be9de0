#!/usr/bin/env bash
# Every test prerequisite this machine can get, after `npm install`: the Debian/Ubuntu packages
# (tools/system-packages.sh, with root or sudo), the Python venv and the other extras of .ci/setup-extra,
# and Electron's binary where it can be downloaded (it cannot be on this project's build machines: the
# Electron suite then skips, loudly). Used by tools/setup-and-test.sh and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/system-packages.sh

if [ -f .ci/setup-extra ]; then
  bash .ci/setup-extra
fi

echo "::group::Electron binary"
# Electron 45 downloads its binary on first use rather than at install; fetch it now, or say why not.
if ! timeout 180 node node_modules/electron/install.js; then
  echo "Electron's binary could not be downloaded here: the Electron end-to-end suite will skip."
fi
echo "::endgroup::"
