import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rm, statfs } from "node:fs/promises";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { manifestSchema, type Manifest } from "../backup/manifest";
import { AppError, isAppError } from "../errors";
import { formatBytes } from "../format";
import type { ObjectStore } from "../storage/object-store";

export async function freeBytes(dir: string): Promise<number> {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
}

// Reads and checks the manifest that describes a backup; the restore trusts nothing else.
export async function readManifest(store: ObjectStore, manifestKey: string, expect: { sha256: string | null; sizeBytes: number }): Promise<Manifest> {
  let text: string;
  try {
    text = await store.getText(manifestKey);
  } catch (e) {
    if (isAppError(e) && e.code === "not_found") {
      throw new AppError("validation", `Manifest ${manifestKey} is missing from the bucket, so the backup cannot be checked; it is not restored.`);
    }
    throw e;
  }
  let parsed;
  try {
    parsed = manifestSchema.safeParse(JSON.parse(text));
  } catch (e) {
    throw new AppError("validation", `Manifest ${manifestKey} is unreadable (not JSON: ${(e as Error).message}); the backup is not restored.`);
  }
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new AppError("validation", `Manifest ${manifestKey} is unreadable (${i.path.join(".") || "top level"}: ${i.message}); the backup is not restored.`);
  }
  const m = parsed.data;
  if ((expect.sha256 && m.object.sha256 !== expect.sha256) || m.object.sizeBytes !== expect.sizeBytes) {
    throw new AppError("validation", `Manifest ${manifestKey} describes a different object (SHA-256 ${m.object.sha256}, ${m.object.sizeBytes} bytes) than the backup record; the backup is not restored.`);
  }
  return m;
}

// Room for the encrypted object and the decrypted dump, plus a margin for pg_restore.
export function bytesNeeded(m: Manifest): number {
  return m.object.sizeBytes + m.dumpBytes + 64 * 1024 * 1024;
}

export async function assertDiskSpace(dir: string, needed: number, free: (dir: string) => Promise<number> = freeBytes): Promise<void> {
  const available = await free(dir);
  if (available < needed) {
    throw new AppError("unavailable", `Not enough disk space: the restore needs ${formatBytes(needed)} free in ${dir}, and ${formatBytes(available)} is available. Free space there or set DR_WORK_DIR to a larger disk.`);
  }
}

// Downloads the object to `file`, proving its size and SHA-256 match the manifest; a
// mismatch removes the file and fails before any database is touched.
export async function downloadVerified(store: ObjectStore, m: Manifest, file: string, onBytes: (n: number) => void): Promise<void> {
  const hash = createHash("sha256");
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _e, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      onBytes(bytes);
      cb(null, chunk);
    },
  });
  try {
    let body;
    try {
      body = await store.getStream(m.object.key);
    } catch (e) {
      if (isAppError(e) && e.code === "not_found") throw new AppError("validation", `Backup object ${m.object.key} is missing from the bucket; nothing was restored.`);
      throw e;
    }
    await pipeline(body, meter, createWriteStream(file, { mode: 0o600 }));
    const sha256 = hash.digest("hex");
    if (bytes !== m.object.sizeBytes || sha256 !== m.object.sha256) {
      throw new AppError(
        "validation",
        `Backup object ${m.object.key} does not match its manifest (${bytes} bytes with SHA-256 ${sha256}; the manifest says ${m.object.sizeBytes} bytes with SHA-256 ${m.object.sha256}): it is corrupt or was changed. Nothing was restored.`,
      );
    }
  } catch (e) {
    await rm(file, { force: true });
    throw e;
  }
}
