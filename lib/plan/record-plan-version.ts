import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { appendAuditEvent } from "../audit/append-audit-event";
import { systemActor } from "../auth/actor";
import type { Db } from "../db";

// The plan is a file edited outside the product; each start compares its SHA-256 with
// the last one recorded, so every change to it shows in the audit trail.
export async function recordPlanVersion(db: Db, planFile: string): Promise<"first" | "changed" | "unchanged"> {
  const sha256 = createHash("sha256").update(readFileSync(planFile)).digest("hex");
  const last = await db.auditEvent.findFirst({ where: { eventType: { in: ["plan.loaded", "plan.changed"] } }, orderBy: { id: "desc" } });
  const previous = (last?.details as { sha256?: string } | null)?.sha256;
  if (previous === sha256) return "unchanged";
  await appendAuditEvent(db, systemActor("system", "start-up"), {
    eventType: last ? "plan.changed" : "plan.loaded",
    status: "ok",
    notes: last ? `plan file ${planFile} changed` : `plan file ${planFile}`,
    details: { file: planFile, sha256, ...(previous ? { previousSha256: previous } : {}) },
  });
  return last ? "changed" : "first";
}
