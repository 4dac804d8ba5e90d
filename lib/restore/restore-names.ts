// Databases a restore creates are named from the source and the UTC time:
//   osint_audit_restore_20261203_091500_456   (scratch; time to the millisecond)
//   osint_audit_incoming_20261203_091500_456  (staging for an original, renamed over it)
// PostgreSQL truncates identifiers at 63 bytes, so the source part is shortened first.
function stamp(at: Date): string {
  const iso = at.toISOString().replace(/[-:]/g, "");
  return `${iso.slice(0, 8)}_${iso.slice(9, 15)}_${iso.slice(16, 19)}`;
}

function named(source: string, kind: string, at: Date): string {
  const suffix = `_${kind}_${stamp(at)}`;
  const base = source.toLowerCase().replace(/[^a-z0-9_]/g, "_");
  return `${base.slice(0, 63 - suffix.length)}${suffix}`;
}

export const scratchDatabaseName = (source: string, at: Date) => named(source, "restore", at);
export const stagingDatabaseName = (source: string, at: Date) => named(source, "incoming", at);
