import type { Backup } from "../generated/prisma/client";
import { manifestSchema, type Manifest } from "./manifest";

// What leaves the server about a backup: plain JSON (no BigInt), ISO times.
export type BackupView = {
  id: string;
  component: string;
  database: string;
  status: Backup["status"];
  trigger: Backup["trigger"];
  requestedBy: string;
  repository: string;
  endpoint: string;
  bucket: string;
  key: string;
  manifestKey: string;
  sizeBytes: number;
  dumpBytes: number;
  sha256: string | null;
  error: string | null;
  /** Set while the object is absent from the bucket. */
  missingSince: string | null;
  attempts: number;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationSeconds: number | null;
  manifest: Manifest | null;
};

export function toBackupView(b: Backup): BackupView {
  const parsed = b.manifest ? manifestSchema.safeParse(b.manifest) : undefined;
  return {
    id: b.id,
    component: b.componentId,
    database: b.database,
    status: b.status,
    trigger: b.trigger,
    requestedBy: b.requestedBy,
    repository: b.repository,
    endpoint: b.endpoint,
    bucket: b.bucket,
    key: b.key,
    manifestKey: b.manifestKey,
    sizeBytes: Number(b.sizeBytes),
    dumpBytes: Number(b.dumpBytes),
    sha256: b.sha256,
    error: b.error,
    missingSince: b.missingSince?.toISOString() ?? null,
    attempts: b.attempts,
    requestedAt: b.requestedAt.toISOString(),
    startedAt: b.startedAt?.toISOString() ?? null,
    finishedAt: b.finishedAt?.toISOString() ?? null,
    durationSeconds: b.startedAt && b.finishedAt ? (b.finishedAt.getTime() - b.startedAt.getTime()) / 1000 : null,
    manifest: parsed?.success ? parsed.data : null,
  };
}
