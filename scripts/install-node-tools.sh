#!/bin/sh
# The pinned Allure 3 CLI (npm `allure`, tools/allure/package.json + package-lock.json) that
# `qlvb-conformance run` uses for the single-file Allure HTML: `npm ci` from the lock file, only
# when node and npm are on PATH (without them the Allure HTML and its test are skipped), and only
# when node_modules does not already hold exactly this lock file's install.
set -eu
cd "$(dirname "$0")/../tools/allure"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "node/npm not found: no Allure HTML (tools/allure not installed)" >&2
    exit 0
fi
stamp=node_modules/.installed-package-lock.json
if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then
    exit 0
fi
# the Allure HTML is optional: a failed install (no registry) leaves it out, never fails CI
if npm ci --no-audit --no-fund --loglevel=error; then
    cp package-lock.json "$stamp"
else
    echo "npm ci failed in tools/allure: no Allure HTML (its tests are skipped)" >&2
fi
