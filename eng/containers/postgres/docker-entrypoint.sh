#!/bin/bash
# What the official postgres image's entrypoint does with the environment Aspire's AddPostgres sends
# (POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_HOST_AUTH_METHOD, POSTGRES_INITDB_ARGS), plus POSTGRES_DB and the
# /docker-entrypoint-initdb.d scripts that Aspire's WithInitFiles copies in.
set -Eeuo pipefail

# Bare options ("-c name=value") are for postgres, as with the official image; any other command just runs.
if [[ ${1:-} == -* ]]; then set -- postgres "$@"; fi
if [[ ${1:-} != postgres ]]; then exec "$@"; fi

if [[ $(id -u) == 0 ]]; then
  # A new volume belongs to root: give it to postgres, then go on as postgres. exec all the way, so that postgres
  # ends up as PID 1 and gets docker stop's signal itself.
  mkdir -p "$PGDATA" /var/run/postgresql
  find "$PGDATA" /var/run/postgresql \! -user postgres -exec chown postgres:postgres '{}' +
  chmod 700 "$PGDATA"
  chmod 3777 /var/run/postgresql
  exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
fi

# Only a folder without a cluster is initialised: a volume that holds one keeps its data and its passwords.
if [[ ! -s $PGDATA/PG_VERSION ]]; then
  user=${POSTGRES_USER:-postgres}
  auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
  if [[ -z ${POSTGRES_PASSWORD:-} && $auth != trust ]]; then
    echo "POSTGRES_PASSWORD is empty: set it (or POSTGRES_HOST_AUTH_METHOD=trust)." >&2
    exit 1
  fi
  # POSTGRES_INITDB_ARGS is a list of options in one string, split on spaces as the official image does.
  # shellcheck disable=SC2086
  if [[ -n ${POSTGRES_PASSWORD:-} ]]; then
    initdb --username="$user" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") ${POSTGRES_INITDB_ARGS:-} >/dev/null
  else
    initdb --username="$user" ${POSTGRES_INITDB_ARGS:-} >/dev/null
  fi
  printf '\nhost all all all %s\n' "$auth" >>"$PGDATA/pg_hba.conf"

  # A server on the socket alone (nobody can connect from outside before the set-up is done) for POSTGRES_DB
  # and the init scripts.
  export PGPASSWORD=${POSTGRES_PASSWORD:-}
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w -s start
  psql=(psql -X -q -v ON_ERROR_STOP=1 --username "$user" --no-password)
  db=${POSTGRES_DB:-$user}
  if [[ $db != postgres ]]; then
    "${psql[@]}" --dbname postgres --set db="$db" <<<'CREATE DATABASE :"db";'
  fi
  # shellcheck source=/dev/null
  for f in /docker-entrypoint-initdb.d/*; do
    case $f in
      *.sh) if [[ -x $f ]]; then "$f"; else . "$f"; fi ;;
      *.sql) "${psql[@]}" --dbname "$db" -f "$f" ;;
      *.sql.gz) gunzip -c "$f" | "${psql[@]}" --dbname "$db" ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w -s stop
  unset PGPASSWORD
fi

exec "$@"
