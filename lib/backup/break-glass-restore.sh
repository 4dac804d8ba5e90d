#!/usr/bin/env bash
# Restores one backup with nothing but curl, sha256sum, gpg and pg_restore, for when the
# control plane itself is down. Usage:
#   break-glass-restore.sh <object key> <target database URL>
# Environment: S3_ENDPOINT S3_BUCKET S3_REGION AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY PASSPHRASE_FILE
set -euo pipefail
key="$1"
target="$2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
get() {
  curl -fsS --aws-sigv4 "aws:amz:${S3_REGION}:s3" --user "${AWS_ACCESS_KEY_ID}:${AWS_SECRET_ACCESS_KEY}" \
    -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" \
    "${S3_ENDPOINT}/${S3_BUCKET}/$1" -o "$2"
}
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
pg_restore --no-owner --exit-on-error --dbname="$target" "$work/backup.dump"
echo "restored $key into $target"
