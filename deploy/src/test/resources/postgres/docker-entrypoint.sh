#!/bin/bash
# A stand-in for the postgres:15 image's docker-entrypoint.sh (docker-library/postgres), reduced to what HUD's pod
# relies on: PGDATA made and kept the owner's alone (chmod 700 at every start); on an empty one, initdb as the superuser
# postgres with POSTGRES_PASSWORD and POSTGRES_INITDB_ARGS, every host allowed by scram-sha-256 in pg_hba.conf, then a
# temporary server on the socket alone (where the image runs /docker-entrypoint-initdb.d), stopped; then it execs the
# server. What differs here: the socket directory (-k, HUD_TEST_SOCKETS: the pod's is libpq's default,
# /var/run/postgresql, which this machine's own server uses) and listening on 127.0.0.1 only (the image: '*').
set -e
if [ "$1" = postgres ]; then
    shift
fi
mkdir -p "$PGDATA"
chmod 700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    initdb --username=postgres --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") $POSTGRES_INITDB_ARGS
    printf '\nhost all all all scram-sha-256\n' >> "$PGDATA/pg_hba.conf"
    pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -k $HUD_TEST_SOCKETS" -w start
    pg_ctl -D "$PGDATA" -m fast -w stop
fi
exec postgres -k "$HUD_TEST_SOCKETS" -c listen_addresses=127.0.0.1 "$@"
