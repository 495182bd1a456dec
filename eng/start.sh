#!/usr/bin/env bash
# Starts the whole stack: PostgreSQL, Redis, the registry, Haul, Pilot and Prism, with the Aspire dashboard
# (Ctrl+C stops it all). Arguments go to the AppHost, e.g. ./eng/start.sh --AppHost:DataDir=/tmp/pulse --fresh
# (--fresh is short for --AppHost:Fresh=true: start from an empty data folder).
set -euo pipefail
cd "$(dirname "$0")/.."
bash eng/prerequisites.sh
args=()
for arg in "$@"; do
  [[ $arg == --fresh ]] && arg=--AppHost:Fresh=true
  args+=("$arg")
done
exec dotnet run --project Pulse.AppHost -- "${args[@]}"
