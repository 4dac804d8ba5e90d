import type { Restore } from "../generated/prisma/client";
import type { IntegrityReport } from "./validate-restore";

// What leaves the server about a restore (and a drill, which is a restore).
export type RestoreView = {
  id: string;
  backupId: string;
  component: string;
  purpose: Restore["purpose"];
  testId: string | null;
  target: Restore["target"];
  database: string;
  status: Restore["status"];
  trigger: Restore["trigger"];
  requestedBy: string;
  bytesDownloaded: number;
  bytesTotal: number;
  integrity: IntegrityReport | null;
  error: string | null;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationSeconds: number | null;
  scratchExpiresAt: string | null;
  scratchDroppedAt: string | null;
};

export function toRestoreView(r: Restore): RestoreView {
  return {
    id: r.id,
    backupId: r.backupId,
    component: r.componentId,
    purpose: r.purpose,
    testId: r.testId,
    target: r.target,
    database: r.targetDatabase,
    status: r.status,
    trigger: r.trigger,
    requestedBy: r.requestedBy,
    bytesDownloaded: Number(r.bytesDownloaded),
    bytesTotal: Number(r.bytesTotal),
    integrity: (r.integrity as IntegrityReport | null) ?? null,
    error: r.error,
    requestedAt: r.requestedAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    durationSeconds: r.durationSeconds,
    scratchExpiresAt: r.scratchExpiresAt?.toISOString() ?? null,
    scratchDroppedAt: r.scratchDroppedAt?.toISOString() ?? null,
  };
}
