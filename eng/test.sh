#!/usr/bin/env bash
# Runs every test of the solution against real PostgreSQL and Redis, started by the AppHost's own graph through
# Aspire.Hosting.Testing: as local processes, and, for the container tests, as Aspire's containers on a Docker engine
# this script sets up (eng/containers.sh) and stops again. Ends with the line "N passed, N failed".
# Arguments go to dotnet test.
set -uo pipefail
cd "$(dirname "$0")/.."
# Chromium drives the browser tests (Playwright with Debian's Chromium; Playwright never downloads a browser).
bash eng/prerequisites.sh chromium || exit 1

# The container tests need an engine; without one they would fail with a message saying so, so say it here first.
if ! bash eng/containers.sh; then
  echo "Could not set up the Docker engine and images the container tests need (see above)." >&2
  echo "0 passed, 0 failed"
  exit 1
fi
trap 'bash eng/containers.sh stop' EXIT

log=$(mktemp)
dotnet build Pulse.sln -nologo -v q 2>&1 | tee "$log" | grep -E "error|warn" ; build=${PIPESTATUS[0]}
if [[ $build -ne 0 ]]; then
  echo "The build failed." >&2
  echo "0 passed, 0 failed"
  exit 1
fi

dotnet test --solution Pulse.sln --no-build "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Microsoft.Testing.Platform's summary: "total: N / failed: N / succeeded: N / skipped: N"
# The failures again, each with its message and the top of its stack, last: a failing test's captured output can run
# to thousands of lines, and whoever reads only the end of the run still sees which test failed and why.
if grep -q '^failed ' "$log"; then
  echo
  echo "Failed tests:"
  awk '/^failed / { print; lines = 0; inside = 1; next }
       inside && /^  / && lines < 12 { print; lines++; next }
       { inside = 0 }' "$log" | head -n 120
fi

passed=$(awk '/^  succeeded:/ {s += $2} END {print s + 0}' "$log")
failed=$(awk '/^  failed:/ {s += $2} END {print s + 0}' "$log")
skipped=$(awk '/^  skipped:/ {s += $2} END {print s + 0}' "$log")
rm -f "$log"
echo "$passed passed, $failed failed, $skipped skipped"
if [[ $status -ne 0 && $failed -eq 0 ]]; then
  exit "$status"
fi
[[ $failed -eq 0 && $passed -gt 0 ]]
