#!/usr/bin/env bash
# `npm test`: every test, from a machine with only Node and `npm install` done.
# Order: cheapest failure first; e2e last because it needs a production build.
set -euo pipefail
cd "$(dirname "$0")/.."

reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT
# The e2e app's managed Redis keeps its data here, gone with the reports.
export LIVEKV_E2E_DATA_DIR="$reports/e2e-redis"

bash scripts/setup-system.sh
# @livekv/server (generated into node_modules from lib/, which `npm install` empties): tsc
# reads its types, the build and the e2e server load it.
npx tsx scripts/build-lib.ts
npx tsc --noEmit
npm run lint
npx vitest run --reporter=default --reporter=json --outputFile.json="$reports/vitest.json"
npm run build
PLAYWRIGHT_JSON_OUTPUT_NAME="$reports/playwright.json" npx playwright test --reporter=list,json
npx tsx scripts/test-summary.ts "$reports/vitest.json" "$reports/playwright.json"
