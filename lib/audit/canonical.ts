import { createHash } from "node:crypto";

// The exact bytes an audit event's hash covers. Changing this breaks every stored
// chain, so the form is versioned and fixed: keys in this order, times in ISO-8601 UTC
// with milliseconds, the GB figure as a string with two decimals, nested JSON with
// sorted keys.

export type AuditFields = {
  eventType: string;
  occurredAt: Date;
  recoveryId: string | null;
  component: string | null;
  status: string;
  durationSeconds: number | null;
  dataRecoveredGb: string | null;
  operator: string;
  actorRole: string;
  source: string;
  notes: string | null;
  details: unknown;
  prevHash: string;
};

export const genesisHash = "0".repeat(64);

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function canonicalForm(e: AuditFields): string {
  return JSON.stringify([
    "audit-event/v1",
    e.eventType,
    e.occurredAt.toISOString(),
    e.recoveryId,
    e.component,
    e.status,
    e.durationSeconds,
    e.dataRecoveredGb,
    e.operator,
    e.actorRole,
    e.source,
    e.notes,
    sortKeys(e.details ?? null),
    e.prevHash,
  ]);
}

export function hashEvent(e: AuditFields): string {
  return createHash("sha256").update(canonicalForm(e)).digest("hex");
}
