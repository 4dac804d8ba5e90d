// The one module that builds and parses object keys in a repository:
//   <prefix>database/<database>/<UTC timestamp>_<backup id>.dump.gpg
//   <prefix>database/<database>/<UTC timestamp>_<backup id>.manifest.json
// The timestamp sorts lexically, so `aws s3 ls | sort | tail -1` finds the newest.

export const dumpSuffix = ".dump.gpg";
export const manifestSuffix = ".manifest.json";

// 2026-12-03T08:13:53.123Z -> 20261203T081353Z
export function utcStamp(at: Date): string {
  return at.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
}

export function databasePrefix(prefix: string, database: string): string {
  return `${prefix}database/${database}/`;
}

export function backupObjectKey(o: { prefix: string; database: string; backupId: string; at: Date }): string {
  return `${databasePrefix(o.prefix, o.database)}${utcStamp(o.at)}_${o.backupId}${dumpSuffix}`;
}

export function manifestKeyFor(objectKey: string): string {
  if (!objectKey.endsWith(dumpSuffix)) throw new Error(`not a backup object key: ${objectKey}`);
  return objectKey.slice(0, -dumpSuffix.length) + manifestSuffix;
}

export type ParsedKey = { database: string; stamp: string; backupId: string; type: "dump" | "manifest" };

// Undefined for keys this product did not write.
export function parseBackupKey(prefix: string, key: string): ParsedKey | undefined {
  if (!key.startsWith(`${prefix}database/`)) return undefined;
  const rest = key.slice(`${prefix}database/`.length);
  const m = /^([^/]+)\/(\d{8}T\d{6}Z)_([A-Za-z0-9-]+)(\.dump\.gpg|\.manifest\.json)$/.exec(rest);
  if (!m) return undefined;
  return { database: m[1]!, stamp: m[2]!, backupId: m[3]!, type: m[4] === dumpSuffix ? "dump" : "manifest" };
}
