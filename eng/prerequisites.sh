#!/usr/bin/env bash
# Installs what the stack and its tests need on a fresh Debian machine: Redis (PostgreSQL 15 and the .NET 10 SDK
# are expected on the machine; PostgreSQL is installed too if it is missing). Idempotent and quiet when all is there.
set -euo pipefail

if ! command -v dotnet >/dev/null; then
  echo "The .NET 10 SDK is missing: install it (https://dot.net) and run this again." >&2
  exit 1
fi

missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
if ! command -v postgres >/dev/null && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  missing+=(postgresql)
fi
for extra in "$@"; do
  command -v "$extra" >/dev/null || missing+=("$extra")
done

if ((${#missing[@]})); then
  echo "Installing ${missing[*]}..."
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
