#!/usr/bin/env bash
# Restores one backup with nothing but curl, sha256sum, gpg, psql and pg_restore, for
# when the control plane itself is down. Usage:
#   break-glass-restore.sh <object key> <target database URL>
#   break-glass-restore.sh --latest <component id> <target database URL>
# Environment: S3_ENDPOINT S3_BUCKET S3_REGION AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY PASSPHRASE_FILE
set -euo pipefail
if [ "${1:-}" = "--latest" ] && [ $# -eq 3 ]; then component="$2"; target="$3"; key=""
elif [ $# -eq 2 ] && [ "${1:0:2}" != "--" ]; then key="$1"; target="$2"; component=""
else
  echo "usage: $0 <object key> <target database URL>" >&2
  echo "       $0 --latest <component id> <target database URL>" >&2
  exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
s3() {
  curl -fsS --aws-sigv4 "aws:amz:${S3_REGION}:s3" --user "${AWS_ACCESS_KEY_ID}:${AWS_SECRET_ACCESS_KEY}" \
    -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$@"
}
get() {
  s3 "${S3_ENDPOINT}/${S3_BUCKET}/$1" -o "$2" || {
    echo "cannot fetch s3://${S3_BUCKET}/$1 from ${S3_ENDPOINT}: the object is missing, or the S3 settings are wrong" >&2
    exit 1
  }
}
one_line() { tr -d ' \n' < "$1"; }
if [ -z "$key" ]; then
  # Every manifest in the bucket, newest first (keys sort by their UTC timestamp); the
  # first one made for this component names the object to restore.
  token=""
  : > "$work/keys"
  while :; do
    s3 -G "${S3_ENDPOINT}/${S3_BUCKET}" --data-urlencode "list-type=2" --data-urlencode "prefix=database/" \
      ${token:+--data-urlencode "continuation-token=$token"} > "$work/page.xml"
    grep -o '<Key>[^<]*\.manifest\.json</Key>' "$work/page.xml" | sed 's/<[^>]*>//g' >> "$work/keys" || true
    token=$(grep -o '<NextContinuationToken>[^<]*' "$work/page.xml" | sed 's/<[^>]*>//g' || true)
    [ -n "$token" ] || break
  done
  while read -r manifest_key; do
    get "$manifest_key" "$work/candidate.json"
    if one_line "$work/candidate.json" | grep -q "\"component\":{\"id\":\"${component}\""; then
      candidate="${manifest_key%.manifest.json}.dump.gpg"
      if s3 -I "${S3_ENDPOINT}/${S3_BUCKET}/${candidate}" > /dev/null 2>&1; then
        key="$candidate"
        break
      fi
      echo "skipping $candidate: its object is missing from the bucket" >&2
    fi
  done < <(sed 's#^\(.*/\)\([^/]*\)$#\2 \1\2#' "$work/keys" | sort -r | cut -d' ' -f2)
  if [ -z "$key" ]; then echo "no backup of component $component in s3://${S3_BUCKET}/database/" >&2; exit 1; fi
  echo "newest backup of $component: $key" >&2
fi
get "${key%.dump.gpg}.manifest.json" "$work/manifest.json"
get "$key" "$work/backup.dump.gpg"
expected=$(grep -o '"sha256": "[0-9a-f]*"' "$work/manifest.json" | cut -d'"' -f4)
actual=$(sha256sum "$work/backup.dump.gpg" | cut -d' ' -f1)
if [ "$expected" != "$actual" ]; then
  echo "SHA-256 of the object is $actual but the manifest says $expected: do not restore it" >&2
  exit 1
fi
gpg --batch --quiet --pinentry-mode loopback --passphrase-file "$PASSPHRASE_FILE" \
  --decrypt "$work/backup.dump.gpg" > "$work/backup.dump"
# A table-set backup (pg_dump --table) holds no CREATE SCHEMA: make its schemas first.
if one_line "$work/manifest.json" | grep -q '"scope":"tables"'; then
  for schema in $(grep -o '"schema": "[^"]*"' "$work/manifest.json" | cut -d'"' -f4 | sort -u); do
    psql -q -X -v ON_ERROR_STOP=1 "$target" -c "CREATE SCHEMA IF NOT EXISTS \"${schema//\"/\"\"}\""
  done
fi
pg_restore --no-owner --exit-on-error --dbname="$target" "$work/backup.dump"
echo "restored $key into $target"
