// RPO status of one component: how old its newest verified backup is against the target.
// At risk strictly past 80% of the target, breached strictly past 100%.

export type RpoState = "ok" | "at-risk" | "breached" | "stateless";

export type RpoStatus = { state: RpoState; ageSeconds: number | null; share: number | null };

export const atRiskShare = 0.8;

export function rpoStatus(o: { rpoSeconds: number; backedUp: boolean; newestVerifiedAt: Date | null; now: Date }): RpoStatus {
  if (!o.backedUp) return { state: "stateless", ageSeconds: null, share: null };
  if (!o.newestVerifiedAt) return { state: "breached", ageSeconds: null, share: null };
  const ageSeconds = Math.max(0, (o.now.getTime() - o.newestVerifiedAt.getTime()) / 1000);
  if (o.rpoSeconds === 0) return { state: ageSeconds > 0 ? "breached" : "ok", ageSeconds, share: null };
  const share = ageSeconds / o.rpoSeconds;
  const state: RpoState = share > 1 ? "breached" : share > atRiskShare ? "at-risk" : "ok";
  return { state, ageSeconds, share };
}

// Share of data-holding components within RPO; stateless ones have nothing to lose.
export function withinRpoShare(states: RpoState[]): { within: number; total: number } {
  const data = states.filter((s) => s !== "stateless");
  return { within: data.filter((s) => s === "ok" || s === "at-risk").length, total: data.length };
}
