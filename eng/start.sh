#!/usr/bin/env bash
# Starts the whole stack: PostgreSQL, Redis, the registry, Haul, Pilot and Prism (Ctrl+C stops it all).
# Arguments go to the AppHost, e.g. ./eng/start.sh --AppHost:DataDir=/tmp/pulse --fresh
set -euo pipefail
cd "$(dirname "$0")/.."
bash eng/prerequisites.sh
exec dotnet run --project Pulse.AppHost -- "$@"
