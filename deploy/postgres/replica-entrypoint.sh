#!/bin/bash
# The replica: on first start, copy the primary (pg_basebackup, writing standby.signal and the
# connection settings with -R), then run as a hot standby streaming through the slot.
set -euo pipefail
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    until pg_isready --host "$PRIMARY_HOST" --quiet; do
        echo "waiting for the primary at $PRIMARY_HOST"
        sleep 2
    done
    PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup --host "$PRIMARY_HOST" \
        --username replicator --pgdata "$PGDATA" --wal-method stream \
        --slot keruen_replica --write-recovery-conf --checkpoint fast --progress
    chmod 0700 "$PGDATA"
fi
exec postgres -c hot_standby=on
