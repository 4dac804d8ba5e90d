import { toBackupView, type BackupView } from "../backup/backup-view";
import type { Context } from "../context";
import { isBackupKind, type Component } from "../plan/plan-schema";
import { nextSlot } from "../schedule/slots";
import { toRestoreView, type RestoreView } from "../restore/restore-view";
import { rpoStatus, withinRpoShare, type RpoStatus } from "./rpo-status";
import { rtoStatus, type RtoStatus } from "./rto-status";

export type ComponentOverview = {
  component: Component;
  tier: 1 | 2 | 3;
  backedUp: boolean;
  newestVerified: BackupView | null;
  /** The newest finished backup when it failed (after the newest verified one). */
  lastFailed: BackupView | null;
  active: BackupView | null;
  rpo: RpoStatus;
  /** The newest validated restore (or drill): its duration is the measured RTO. */
  newestRestore: RestoreView | null;
  rto: RtoStatus;
  nextScheduledAt: string | null;
};

export type Overview = { platform: string; now: string; components: ComponentOverview[]; withinRpo: { within: number; total: number } };

export const tierOf = { critical: 1, high: 2, medium: 3 } as const;

export async function getOverview(ctx: Context, now = new Date()): Promise<Overview> {
  const { plan } = ctx.settings;
  const ids = plan.components.map((c) => c.id);
  const [verified, active, restored, finished] = await Promise.all([
    ctx.db.backup.findMany({ where: { componentId: { in: ids }, status: "verified", missingSince: null }, orderBy: { finishedAt: "desc" }, distinct: ["componentId"] }),
    ctx.db.backup.findMany({ where: { componentId: { in: ids }, status: { in: ["queued", "running"] } } }),
    ctx.db.restore.findMany({ where: { componentId: { in: ids }, status: "validated" }, orderBy: { finishedAt: "desc" }, distinct: ["componentId"] }),
    ctx.db.backup.findMany({ where: { componentId: { in: ids }, status: { in: ["verified", "failed"] } }, orderBy: { finishedAt: "desc" }, distinct: ["componentId"] }),
  ]);
  const components = plan.components.map((component): ComponentOverview => {
    const newest = verified.find((b) => b.componentId === component.id);
    const running = active.find((b) => b.componentId === component.id);
    const backedUp = isBackupKind(component.kind);
    const restore = restored.find((r) => r.componentId === component.id);
    const latest = finished.find((b) => b.componentId === component.id);
    const slots = plan.backupPolicies.filter((p) => p.component === component.id).map((p) => nextSlot(p.schedule, p.timeZone, now).getTime());
    return {
      component,
      tier: tierOf[component.criticality],
      backedUp,
      newestVerified: newest ? toBackupView(newest) : null,
      lastFailed: latest?.status === "failed" ? toBackupView(latest) : null,
      active: running ? toBackupView(running) : null,
      rpo: rpoStatus({ rpoSeconds: component.rpo, backedUp, newestVerifiedAt: newest?.finishedAt ?? null, now }),
      newestRestore: restore ? toRestoreView(restore) : null,
      rto: rtoStatus({ rtoSeconds: component.rto, restorable: backedUp, newestRestoreSeconds: restore?.durationSeconds ?? null }),
      nextScheduledAt: slots.length ? new Date(Math.min(...slots)).toISOString() : null,
    };
  });
  return { platform: plan.platform, now: now.toISOString(), components, withinRpo: withinRpoShare(components.map((c) => c.rpo.state)) };
}
