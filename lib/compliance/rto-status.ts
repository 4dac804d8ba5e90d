// RTO status of one component: its newest successful restore's measured duration
// (request to validated) against the target. At risk strictly past 80%, breached
// strictly past 100%, unknown when it was never restored.

export type RtoState = "ok" | "at-risk" | "breached" | "unknown" | "stateless";

export type RtoStatus = { state: RtoState; durationSeconds: number | null; share: number | null };

export function rtoStatus(o: { rtoSeconds: number; restorable: boolean; newestRestoreSeconds: number | null }): RtoStatus {
  if (!o.restorable) return { state: "stateless", durationSeconds: null, share: null };
  if (o.newestRestoreSeconds === null) return { state: "unknown", durationSeconds: null, share: null };
  const share = o.newestRestoreSeconds / o.rtoSeconds;
  return { state: share > 1 ? "breached" : share > 0.8 ? "at-risk" : "ok", durationSeconds: o.newestRestoreSeconds, share };
}
