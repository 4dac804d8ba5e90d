import { systemActor } from "../auth/actor";
import { requestBackup } from "../backup/request-backup";
import type { Context } from "../context";
import { AppError } from "../errors";
import { latestSlot } from "./slots";

export type ScheduleTick = { policyId: string; slot: Date; outcome: "baseline" | "enqueued" | "skipped-active" | "already-done" }[];

// Enqueues each policy's latest slot once. The first time a policy is seen only its
// current slot is recorded (a fresh install does not start a backup at once); after a
// downtime, the missed slot runs once, not once per missed day.
export async function runSchedules(ctx: Context, now = new Date()): Promise<ScheduleTick> {
  const out: ScheduleTick = [];
  for (const policy of ctx.settings.plan.backupPolicies) {
    const slot = latestSlot(policy.schedule, policy.timeZone, now);
    const last = await ctx.db.scheduleRun.findFirst({ where: { policyId: policy.id }, orderBy: { scheduledFor: "desc" } });
    if (last && last.scheduledFor.getTime() >= slot.getTime()) {
      out.push({ policyId: policy.id, slot, outcome: "already-done" });
      continue;
    }
    const claimed = await ctx.db.scheduleRun.createMany({ data: [{ policyId: policy.id, scheduledFor: slot }], skipDuplicates: true });
    if (claimed.count === 0) {
      out.push({ policyId: policy.id, slot, outcome: "already-done" });
      continue;
    }
    if (!last) {
      out.push({ policyId: policy.id, slot, outcome: "baseline" });
      continue;
    }
    try {
      const backup = await requestBackup(ctx, systemActor("scheduler", `schedule ${policy.id}`), { componentId: policy.component });
      await ctx.db.scheduleRun.update({ where: { policyId_scheduledFor: { policyId: policy.id, scheduledFor: slot } }, data: { backupId: backup.id } });
      out.push({ policyId: policy.id, slot, outcome: "enqueued" });
    } catch (e) {
      if (!(e instanceof AppError && e.code === "conflict")) throw e;
      out.push({ policyId: policy.id, slot, outcome: "skipped-active" });
    }
  }
  return out;
}
