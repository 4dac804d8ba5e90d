import type { Actor } from "../auth/actor";
import type { Db } from "../db";
import type { AuditEvent, Prisma } from "../generated/prisma/client";
import { genesisHash, hashEvent, type AuditFields } from "./canonical";

export type AuditInput = {
  eventType: string;
  status: string;
  component?: string | null;
  recoveryId?: string | null;
  durationSeconds?: number | null;
  /** Bytes of data recovered or protected; stored as GB with two decimals. */
  dataBytes?: number | null;
  notes?: string | null;
  details?: Record<string, unknown> | null;
  occurredAt?: Date;
};

const chainLock = 72430002;

export function bytesToGb(bytes: number): string {
  return (bytes / 1024 ** 3).toFixed(2);
}

// Appends one event at the end of the chain. Appends are serialised by an advisory
// lock so that each event links to exactly the one before it.
export async function appendAuditEvent(db: Db, actor: Actor, input: AuditInput): Promise<AuditEvent> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${chainLock})`;
    const last = await tx.auditEvent.findFirst({ orderBy: { id: "desc" }, select: { hash: true } });
    const fields: AuditFields = {
      eventType: input.eventType,
      occurredAt: new Date(Math.floor((input.occurredAt ?? new Date()).getTime())),
      recoveryId: input.recoveryId ?? null,
      component: input.component ?? null,
      status: input.status,
      durationSeconds: input.durationSeconds === null || input.durationSeconds === undefined ? null : Math.round(input.durationSeconds),
      dataRecoveredGb: input.dataBytes === null || input.dataBytes === undefined ? null : bytesToGb(input.dataBytes),
      operator: actor.operator,
      actorRole: actor.role,
      source: actor.source,
      notes: input.notes ?? null,
      details: input.details ?? (actor.address ? { address: actor.address } : null),
      prevHash: last?.hash ?? genesisHash,
    };
    return tx.auditEvent.create({
      data: { ...fields, source: actor.source, details: (fields.details ?? undefined) as Prisma.InputJsonValue | undefined, hash: hashEvent(fields) },
    });
  });
}
