#!/usr/bin/env bash
# From a fresh checkout, after `npm install`: installs every test prerequisite this machine can get
# (tools/test-prerequisites.sh), then lints, typechecks and runs the whole suite. `.ci/run` runs the same
# steps with CI=true, where a missing prerequisite fails its suite instead of skipping it.
#
#   npm run setup-and-test
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/test-prerequisites.sh

echo "::group::lint"
npm run lint
echo "::endgroup::"
echo "::group::typecheck"
npm run typecheck
echo "::endgroup::"
npm test
