#!/bin/sh
# Stand-in for the postgres image's entrypoint: POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB on first start.
set -e
PGDATA=${PGDATA:-/var/lib/postgresql/data}; BIN=/usr/lib/postgresql/15/bin
mkdir -p "$PGDATA" /run/postgresql && chown -R postgres:postgres "$PGDATA" /run/postgresql && chmod 700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  printf '%s' "$POSTGRES_PASSWORD" > /tmp/pw && chown postgres /tmp/pw
  runuser -u postgres -- $BIN/initdb -D "$PGDATA" -U "${POSTGRES_USER:-postgres}" --pwfile=/tmp/pw -A scram-sha-256 \
    -E UTF8 --locale=C.UTF-8
  rm -f /tmp/pw
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
  if [ -n "$POSTGRES_DB" ] && [ "$POSTGRES_DB" != "postgres" ]; then
    runuser -u postgres -- $BIN/pg_ctl -D "$PGDATA" -w -o "-c listen_addresses=''" start
    PGPASSWORD="$POSTGRES_PASSWORD" runuser -u postgres -- psql -h /run/postgresql -U "${POSTGRES_USER:-postgres}" -d postgres -c "CREATE DATABASE \"$POSTGRES_DB\""
    runuser -u postgres -- $BIN/pg_ctl -D "$PGDATA" -w stop
  fi
fi
exec runuser -u postgres -- $BIN/postgres -D "$PGDATA"
