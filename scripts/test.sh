#!/usr/bin/env bash
# `npm test`: every test, from a machine with only Node and `npm install` done.
# Order: cheapest failure first; e2e last because it needs a production build.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-system.sh
npx tsc --noEmit
npx vitest run
npx next build
npx playwright test
