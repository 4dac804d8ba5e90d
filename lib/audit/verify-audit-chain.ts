import type { Db } from "../db";
import { genesisHash, hashEvent } from "./canonical";

export type ChainVerdict = { ok: true; events: number } | { ok: false; events: number; firstBrokenId: string; reason: string };

const batch = 2000;

// Walks the whole chain in id order: each event's hash must match its canonical form,
// and its prevHash must be the hash of the event before it.
export async function verifyAuditChain(db: Db): Promise<ChainVerdict> {
  let prev = genesisHash;
  let count = 0;
  let after: bigint | undefined;
  for (;;) {
    const rows = await db.auditEvent.findMany({ where: after === undefined ? {} : { id: { gt: after } }, orderBy: { id: "asc" }, take: batch });
    if (rows.length === 0) return { ok: true, events: count };
    for (const r of rows) {
      const id = r.id.toString();
      if (r.prevHash !== prev) {
        return { ok: false, events: count, firstBrokenId: id, reason: `event ${id} does not link to the event before it (an event was removed, inserted or reordered)` };
      }
      const expected = hashEvent({
        eventType: r.eventType,
        occurredAt: r.occurredAt,
        recoveryId: r.recoveryId,
        component: r.component,
        status: r.status,
        durationSeconds: r.durationSeconds,
        dataRecoveredGb: r.dataRecoveredGb === null ? null : r.dataRecoveredGb.toFixed(2),
        operator: r.operator,
        actorRole: r.actorRole,
        source: r.source,
        notes: r.notes,
        details: r.details,
        prevHash: r.prevHash,
      });
      if (expected !== r.hash) return { ok: false, events: count, firstBrokenId: id, reason: `event ${id} was changed after it was written (its hash does not match its contents)` };
      prev = r.hash;
      count++;
    }
    after = rows[rows.length - 1]!.id;
  }
}
