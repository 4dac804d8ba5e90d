import { z } from "zod";
import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";

// Form inputs send "2026-12-03T08:00" without a zone; the page labels them UTC.
const utcDate = z.preprocess((v) => (typeof v === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?$/.test(v) ? `${v}Z` : v === "" ? undefined : v), z.coerce.date().optional()).catch(undefined);

export const auditFilterSchema = z.object({
  type: z.string().trim().max(100).optional().catch(undefined),
  component: z.string().trim().max(100).optional().catch(undefined),
  actor: z.string().trim().max(200).optional().catch(undefined),
  from: utcDate,
  to: utcDate,
});

export type AuditFilter = z.infer<typeof auditFilterSchema>;

export type AuditEventView = {
  id: string;
  eventType: string;
  occurredAt: string;
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
  hash: string;
};

function where(f: AuditFilter): Prisma.AuditEventWhereInput {
  return {
    eventType: f.type ? { startsWith: f.type } : undefined,
    component: f.component || undefined,
    operator: f.actor ? { contains: f.actor, mode: "insensitive" } : undefined,
    occurredAt: f.from || f.to ? { gte: f.from, lte: f.to } : undefined,
  };
}

export async function listAuditEvents(db: Db, f: AuditFilter, o: { limit?: number; afterId?: bigint } = {}): Promise<AuditEventView[]> {
  const rows = await db.auditEvent.findMany({
    where: { ...where(f), ...(o.afterId !== undefined ? { id: { lt: o.afterId } } : {}) },
    orderBy: { id: "desc" },
    take: o.limit ?? 200,
  });
  return rows.map((r) => ({
    id: r.id.toString(),
    eventType: r.eventType,
    occurredAt: r.occurredAt.toISOString(),
    recoveryId: r.recoveryId,
    component: r.component,
    status: r.status,
    durationSeconds: r.durationSeconds,
    dataRecoveredGb: r.dataRecoveredGb?.toFixed(2) ?? null,
    operator: r.operator,
    actorRole: r.actorRole,
    source: r.source,
    notes: r.notes,
    details: r.details,
    hash: r.hash,
  }));
}

export async function auditEventTypes(db: Db): Promise<string[]> {
  const rows = await db.auditEvent.findMany({ distinct: ["eventType"], select: { eventType: true }, orderBy: { eventType: "asc" } });
  return rows.map((r) => r.eventType);
}

const csvColumns = ["id", "event_type", "event_timestamp", "recovery_id", "component", "status", "duration_seconds", "data_recovered_gb", "operator", "actor_role", "source", "notes", "details", "hash"] as const;

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v);
  // Quote always; neutralise spreadsheet formulas (a cell starting with = + - @).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

// CSV with the DR roadmap's recovery_events column names, newest first.
export function toCsv(events: AuditEventView[]): string {
  const lines = [csvColumns.join(",")];
  for (const e of events) {
    lines.push(
      [e.id, e.eventType, e.occurredAt, e.recoveryId, e.component, e.status, e.durationSeconds, e.dataRecoveredGb, e.operator, e.actorRole, e.source, e.notes, e.details, e.hash].map(csvCell).join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}
