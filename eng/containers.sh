#!/usr/bin/env bash
# Sets up a Docker engine on a Debian 12 machine (as root) and builds, with no image registry, the images our
# integration tests hand to Aspire's AddPostgres and AddRedis: pulse-test/postgres:15 and pulse-test/redis:7, on a
# pulse-test/debian:bookworm base bootstrapped from the machine's own Debian mirror. Idempotent: what is there is kept.
#   eng/containers.sh        set up (and start dockerd if no engine answers)
#   eng/containers.sh stop   stop the dockerd this script started, and nothing else
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# DCP refuses a Docker CLI older than 25 and Debian's docker.io ships 20.10: the newer CLI in /usr/local/bin goes first.
export PATH=/usr/local/bin:$PATH
pidfile=/var/run/pulse-dockerd.pid
log=/var/log/pulse-dockerd.log
base=pulse-test/debian:bookworm

die() { echo "containers.sh: $*" >&2; exit 1; }

if [[ ${1:-} == stop ]]; then
  [[ -s $pidfile ]] || exit 0
  pid=$(<"$pidfile")
  # The PID may have been reused since: only a dockerd is ours to stop.
  if [[ $(cat "/proc/$pid/comm" 2>/dev/null) == dockerd ]]; then
    kill "$pid"
    # dockerd stops its containers (up to their stop timeouts) and its containerd before it exits.
    for ((i = 0; i < 60; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    ! kill -0 "$pid" 2>/dev/null || die "dockerd (PID $pid) did not stop within 30 s; see $log"
  fi
  rm -f "$pidfile"
  exit 0
fi
[[ $# -eq 0 ]] || die "usage: $0 [stop]"
[[ $(id -u) -eq 0 ]] || die "run this as root: it installs packages and starts dockerd"

# One run at a time: test fixtures may call this together.
exec 9>/var/lock/pulse-containers.lock
flock 9

missing=()
docker info >/dev/null 2>&1 || command -v dockerd >/dev/null || missing+=(docker.io)
# mmdebstrap rather than debootstrap: the same minbase system in a third of the time here (19 s against 63 s),
# written straight to a tarball.
command -v mmdebstrap >/dev/null || missing+=(mmdebstrap)
if ((${#missing[@]})); then
  echo "Installing ${missing[*]}..."
  out=$( (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}") 2>&1) || { echo "$out" >&2; die "could not install ${missing[*]}"; }
fi

if ! docker info >/dev/null 2>&1; then
  echo "Starting dockerd (log: $log)..."
  # Its own session, so that a Ctrl+C in this terminal later does not reach it; dockerd writes (and on a clean exit
  # removes) the pid file. Default flags: the bridge with iptables (nft) NAT and the userland proxy work here, and
  # Aspire needs both (published ports on 127.0.0.1, a network of its own per run). 9>&-: dockerd must not keep
  # this run's lock.
  setsid dockerd --pidfile "$pidfile" >>"$log" 2>&1 </dev/null 9>&- &
  for ((i = 0; i < 60; i++)); do
    docker info >/dev/null 2>&1 && break
    kill -0 $! 2>/dev/null || break
    sleep 1
  done
  if ! docker info >/dev/null 2>&1; then
    kill $! 2>/dev/null || true
    tail -n 5 "$log" >&2
    die "could not set up the Docker engine: dockerd exited or did not answer within 60 s (log: $log)"
  fi
fi

if ! docker image inspect "$base" >/dev/null 2>&1; then
  # The image's apt uses the Debian mirror (and suites) this machine's apt uses: it may be the only one reachable.
  # shellcheck disable=SC2016 # apt's format fields, not shell expansions
  mapfile -t sources < <(apt-get indextargets --no-release-info --format '$(REPO_URI) $(RELEASE)' 'Created-By: Packages' |
    awk '$2 ~ /^bookworm(-updates|-security)?$/ && !seen[$0]++ { print "deb " $1 " " $2 " main" }')
  [[ ${sources[*]} == *" bookworm main"* ]] || die "no Debian bookworm mirror in this machine's apt sources"
  echo "Bootstrapping $base from ${sources[0]#deb }..."
  rootfs=$(mktemp /var/tmp/pulse-rootfs.XXXXXX)
  trap 'rm -f "$rootfs"' EXIT
  # Both options stay in the image for the builds' apt and dpkg. Check-Valid-Until off: a mirror that serves a
  # snapshot has Release files past their Valid-Until date. No docs or man pages: smaller, quicker to unpack.
  mmdebstrap --quiet --variant=minbase --format=tar --aptopt='Acquire::Check-Valid-Until "false"' \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
    bookworm "$rootfs" "${sources[@]}"
  # An imported tarball has no environment: a Dockerfile's "ENV PATH=...:$PATH" needs one to extend.
  docker import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' "$rootfs" "$base" >/dev/null
  rm -f "$rootfs"
fi

build() { # build TAG DIR: builds eng/containers/DIR unless the image was built from the same files and base
  local tag=$1 dir=$here/containers/$2 hash out
  hash=$( (docker image inspect -f '{{.Id}}' "$base" && cat "$dir"/*) | sha256sum | cut -c1-16)
  [[ $(docker image inspect -f '{{index .Config.Labels "pulse.hash"}}' "$tag" 2>/dev/null) != "$hash" ]] || return 0
  echo "Building $tag..."
  # The legacy builder: this CLI has no buildx for BuildKit. The host's network, so apt in the build reaches the
  # mirror without depending on the bridge's NAT and DNS.
  out=$(DOCKER_BUILDKIT=0 docker build --network host --force-rm --label pulse.hash="$hash" -t "$tag" "$dir" 2>&1) ||
    { echo "$out" >&2; die "building $tag failed"; }
}
build pulse-test/postgres:15 postgres
build pulse-test/redis:7 redis
# Drop what rebuilds left behind: our images that lost their tag.
docker image prune -f --filter label=pulse.hash >/dev/null
