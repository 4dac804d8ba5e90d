import type { Actor } from "../auth/actor";
import type { Context } from "../context";
import { AppError } from "../errors";
import type { Restore } from "../generated/prisma/client";
import { isBackupKind, type PlanTest } from "../plan/plan-schema";
import { latestSlot, nextSlot } from "../schedule/slots";
import { requestRestore } from "./request-restore";
import { toRestoreView, type RestoreView } from "./restore-view";

// A drill restores the component's newest verified backup into a scratch database,
// validates it and drops it; its duration is the measured RTO.
export async function requestDrill(ctx: Context, actor: Actor, o: { componentId: string; testId?: string }): Promise<Restore> {
  const component = ctx.settings.plan.components.find((c) => c.id === o.componentId);
  if (!component) throw new AppError("not_found", `No component "${o.componentId}" in the plan.`);
  if (!isBackupKind(component.kind)) throw new AppError("validation", `${component.name} is a ${component.kind} component with no data; there is nothing to restore.`);
  const backup = await ctx.db.backup.findFirst({ where: { componentId: component.id, status: "verified", missingSince: null }, orderBy: { finishedAt: "desc" } });
  if (!backup) throw new AppError("validation", `${component.name} has no verified backup to test; back it up first.`);
  const testId = o.testId ?? ctx.settings.plan.tests.find((t) => t.component === component.id)?.id;
  return requestRestore(ctx, actor, { backupId: backup.id, target: "scratch", purpose: "drill", testId });
}

// How long after a slot the drill may take before it counts as overdue.
export const drillGraceSeconds = 6 * 3600;

export type DrillSummary = {
  test: PlanTest;
  componentName: string;
  last: RestoreView | null;
  lastPassed: RestoreView | null;
  /** The latest slot passed (plus grace) with no passed drill since. */
  overdue: boolean;
  dueSince: string;
  nextAt: string;
  failed: boolean;
};

export async function summarizeDrills(ctx: Context, now = new Date()): Promise<DrillSummary[]> {
  const out: DrillSummary[] = [];
  for (const test of ctx.settings.plan.tests) {
    const [last, lastPassed, firstTracked] = await Promise.all([
      ctx.db.restore.findFirst({ where: { purpose: "drill", componentId: test.component }, orderBy: { requestedAt: "desc" } }),
      ctx.db.restore.findFirst({ where: { purpose: "drill", componentId: test.component, status: "validated" }, orderBy: { finishedAt: "desc" } }),
      ctx.db.scheduleRun.findFirst({ where: { policyId: test.id }, orderBy: { scheduledFor: "asc" } }),
    ]);
    const slot = latestSlot(test.schedule, test.timeZone, now);
    // A slot from before the scheduler first saw this test (a new install) is not missed.
    const missable = firstTracked !== null && slot > firstTracked.scheduledFor;
    const overdue = missable && now.getTime() - slot.getTime() > drillGraceSeconds * 1000 && (!lastPassed?.finishedAt || lastPassed.finishedAt < slot);
    out.push({
      test,
      componentName: ctx.settings.plan.components.find((c) => c.id === test.component)?.name ?? test.component,
      last: last ? toRestoreView(last) : null,
      lastPassed: lastPassed ? toRestoreView(lastPassed) : null,
      overdue,
      dueSince: slot.toISOString(),
      nextAt: nextSlot(test.schedule, test.timeZone, now).toISOString(),
      failed: last?.status === "failed",
    });
  }
  return out;
}
