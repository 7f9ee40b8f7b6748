#!/usr/bin/env bash
# Every gate, in the order a reviewer would run them: format, types, lint, unit tests, build,
# browser tests. Sets up what it needs (Debian's Chromium) on a fresh machine. Runs every stage
# even after a failure, then ends with one plain line: "N passed, N failed" (tests, plus one
# failure for each gate that failed).
set -u
cd "$(dirname "$0")/.."
mkdir -p reports
rm -f reports/unit.json reports/e2e.json

failed_gates=0
gate() {
  local name=$1
  shift
  echo "==> $name"
  if ! "$@"; then
    echo "FAILED: $name"
    failed_gates=$((failed_gates + 1))
  fi
}

find_chromium() {
  if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then return 0; fi
  for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -x "$candidate" ]; then
      export CHROMIUM_PATH=$candidate
      return 0
    fi
  done
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    echo "==> installing Debian's chromium for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null \
      && export CHROMIUM_PATH=/usr/bin/chromium && return 0
  fi
  echo "No Chromium found: install one (Debian: apt-get install chromium) and set CHROMIUM_PATH=/path/to/chromium, or run 'npx playwright install chromium' where downloads are allowed."
  return 1
}

gate "format" npx prettier --check . --log-level warn
gate "types" npm run --silent typecheck
gate "lint" npm run --silent lint
gate "unit tests" npx vitest run --reporter=default --reporter=json --outputFile.json=reports/unit.json
gate "build" npx vite build --logLevel warn
if find_chromium; then
  gate "browser tests" npx playwright test
else
  failed_gates=$((failed_gates + 1))
fi

count() {
  # count FILE EXPRESSION: a number from a JSON report, 0 when the report is missing.
  node -e '
    const fs = require("fs")
    try { const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); console.log(Number(eval(process.argv[2])) || 0) }
    catch { console.log(0) }' "$1" "$2"
}
unit_passed=$(count reports/unit.json 'r.numPassedTests')
unit_failed=$(count reports/unit.json 'r.numFailedTests')
e2e_passed=$(count reports/e2e.json 'r.stats.expected + r.stats.flaky')
e2e_failed=$(count reports/e2e.json 'r.stats.unexpected')
if [ "$failed_gates" -gt 0 ]; then echo "failed gates: $failed_gates"; fi
echo "unit: $unit_passed passed, $unit_failed failed; browser: $e2e_passed passed, $e2e_failed failed"
passed=$((unit_passed + e2e_passed))
failed=$((unit_failed + e2e_failed))
# A failing gate with no failing test of its own (format, types, lint, build) still counts once.
if [ "$failed_gates" -gt 0 ] && [ "$failed" -eq 0 ]; then failed=$failed_gates; fi
echo "$passed passed, $failed failed"
[ "$failed_gates" -eq 0 ] && [ "$failed" -eq 0 ]
