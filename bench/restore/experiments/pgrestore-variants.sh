#!/usr/bin/env bash
# Times pg_restore variants (jobs, PGOPTIONS, compression) against the seed's gunzip | psql on
# one pgbench database, alternating, without the product's Node layer. Loopback only; drops
# everything it creates (trap). Usage: bash bench/restore/experiments/pgrestore-variants.sh [rounds]
set -euo pipefail
H=${BENCH_PG_HOST:-127.0.0.1}; P=${BENCH_PG_PORT:-5432}; U=${BENCH_PG_USER:-postgres}
case "$H" in 127.0.0.1|localhost|::1) ;; *) echo "refusing non-loopback host $H" >&2; exit 2;; esac
ROUNDS=${1:-3}; SCALE=${BENCH_SCALE:-20}
TAG=bench_rx_$(date +%s)_$RANDOM; SRC=${TAG}_src; TMP=$(mktemp -d)
export PGHOST=$H PGPORT=$P PGUSER=$U PGAPPNAME=bench:restore-exp
cleanup() {
  for db in $(psql -d postgres -Atc "select datname from pg_database where datname like '${TAG}%'"); do
    psql -q -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" || true
  done
  rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
psql -q -d postgres -c "CREATE DATABASE \"$SRC\""
pgbench -i -q -s "$SCALE" "$SRC" >/dev/null 2>&1
psql -q -d "$SRC" -c "VACUUM ANALYZE"
pg_dump "$SRC" | gzip > "$TMP/d.sql.gz"
pg_dump -Fc --compress=1 -f "$TMP/d1.dump" "$SRC"
pg_dump -Fc --compress=0 -f "$TMP/d0.dump" "$SRC"
ls -l "$TMP"
N=0
t() { local s e; s=$(date +%s.%N); "$@"; e=$(date +%s.%N); echo "$e - $s" | bc; }
seed() { local db=${TAG}_$((++N)); psql -q -d postgres -c "CREATE DATABASE \"$db\""; gunzip -c "$TMP/d.sql.gz" | psql -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null; echo "$db" > "$TMP/last"; }
pr() { # pr FILE JOBS PGOPTIONS
  local db=${TAG}_$((++N)); psql -q -d postgres -c "CREATE DATABASE \"$db\" TEMPLATE template0"
  PGOPTIONS="$3" pg_restore --no-owner --exit-on-error --dbname="$db" --jobs "$2" "$1"; echo "$db" > "$TMP/last"; }
drop_last() { psql -q -d postgres -c "DROP DATABASE \"$(cat "$TMP/last")\" WITH (FORCE)"; }
PROD="-c maintenance_work_mem=256MB -c synchronous_commit=off"
declare -A V=(
  [seed]="seed"
  [prod_j2]="pr $TMP/d1.dump 2 '$PROD'"
  [j1]="pr $TMP/d1.dump 1 '$PROD'"
  [j4]="pr $TMP/d1.dump 4 '$PROD'"
  [j2_nocompress]="pr $TMP/d0.dump 2 '$PROD'"
  [j2_default_opts]="pr $TMP/d1.dump 2 ''"
  [j2_mwm1g_par0]="pr $TMP/d1.dump 2 '$PROD -c max_parallel_maintenance_workers=0'"
)
ORDER=${VARIANTS:-"seed prod_j2 j1 j4 j2_nocompress j2_default_opts j2_mwm1g_par0"}
for v in $ORDER; do eval "${V[$v]}" >/dev/null; drop_last; done   # warm-up
declare -A R
for r in $(seq "$ROUNDS"); do
  for v in $ORDER; do
    s=$(t eval "${V[$v]}"); drop_last; R[$v]="${R[$v]:-} $s"
    echo "round $r $v $s  load $(cut -d' ' -f1-3 /proc/loadavg)"
  done
  ORDER=$(echo $ORDER | tr ' ' '\n' | tac | tr '\n' ' ')
done
for v in "${!R[@]}"; do echo "$v: $(echo ${R[$v]} | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END{print "median", a[int((NR+1)/2)]}')  [${R[$v]} ]"; done | sort
