#!/usr/bin/env bash
# The database baseline for docs/BENCHMARKS.md: pgbench's simple-update script (-N: TPC-B without the
# contended branch/teller updates) on a fresh scale-10 database, as the gavel user, on 127.0.0.1 only.
#   bench/run-pgbench.sh [clients=16] [seconds=30] [scale=10]
# Prints pgbench's report and, last, one line `tps=<number>` for tools to read. The database is dropped at exit.
set -euo pipefail
clients="${1:-16}"
seconds="${2:-30}"
scale="${3:-10}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-gavel}" PGPASSWORD="${PGPASSWORD:-gavel}"
case "$PGHOST" in 127.*|localhost|::1|/*) ;; *) echo "run-pgbench.sh: only a local PostgreSQL (PGHOST=$PGHOST refused)" >&2; exit 2 ;; esac

pgbench=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -n 1)
[ -x "$pgbench" ] || { echo "run-pgbench.sh: pgbench not found (apt-get install postgresql-contrib)" >&2; exit 2; }
threads=$(( clients < 2 ? clients : 2 ))
db="gavel_pgbench_$(date +%s)_$$"

trap 'dropdb --if-exists "$db" >/dev/null 2>&1 || true' EXIT
createdb "$db"
echo "== pgbench -i -s $scale $db"
"$pgbench" -i -s "$scale" -q "$db" 2>&1 | tail -n 1
echo "== pgbench -N -c $clients -j $threads -T $seconds $db"
out=$("$pgbench" -N -c "$clients" -j "$threads" -T "$seconds" "$db" 2>&1)
echo "$out"
tps=$(printf '%s\n' "$out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -n 1)
[ -n "$tps" ] || { echo "run-pgbench.sh: no tps line in pgbench's output" >&2; exit 1; }
echo "tps=$tps"
