import type { Context } from "../context";
import { readPassphrase } from "../crypto/passphrase";
import { findPgTool, toolVersion } from "../postgres/pg-tools";
import type { Settings } from "../settings";
import { errorMessage, essentialMessage } from "../errors";
import { getOverview } from "./get-overview";

export type DatabaseHealth = { status: "ok"; latencyMs: number } | { status: "unavailable"; reason: string };

export async function checkStateDatabase(ctx: Pick<Context, "db">, timeoutMs = 3000): Promise<DatabaseHealth> {
  const started = Date.now();
  try {
    await Promise.race([
      ctx.db.$queryRaw`SELECT 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)),
    ]);
    return { status: "ok", latencyMs: Date.now() - started };
  } catch (e) {
    return { status: "unavailable", reason: `The state database does not answer: ${essentialMessage(e)}` };
  }
}

// What would make every backup or restore fail, said before one is tried.
export async function toolProblems(s: Settings): Promise<string[]> {
  const problems: string[] = [];
  for (const tool of ["pg_dump", "pg_restore"] as const) {
    try {
      await toolVersion(findPgTool(tool, { binDir: s.pgBinDir }));
    } catch (e) {
      problems.push(errorMessage(e));
    }
  }
  try {
    readPassphrase(s.passphraseFile);
  } catch (e) {
    problems.push(errorMessage(e));
  }
  return problems;
}

export type SystemStatus = {
  status: "ok" | "degraded" | "down";
  checkedAt: string;
  stateDatabase: DatabaseHealth;
  /** Why the status is not ok: missing client tools, an unusable passphrase file, the bucket, RPO misses. */
  problems: string[];
  repository: { status: "ok" | "unavailable"; bucket: string; endpoint: string; reason?: string };
  components: {
    id: string;
    name: string;
    kind: string;
    criticality: string;
    rpo: { state: string; targetSeconds: number; ageSeconds: number | null };
    newestVerifiedBackup: { id: string; finishedAt: string | null } | null;
    activeBackup: { id: string; status: string } | null;
  }[];
};

// The platform's health as the seed's `curl -f /api/system/status` expects: down when
// the control plane's own database is gone, degraded when a target or the bucket is not met.
export async function getSystemStatus(ctx: Context): Promise<SystemStatus> {
  const checkedAt = new Date().toISOString();
  const stateDatabase = await checkStateDatabase(ctx);
  const repository: SystemStatus["repository"] = { status: "ok", bucket: ctx.store.bucket, endpoint: ctx.store.endpoint };
  await ctx.store.checkBucket().catch((e) => Object.assign(repository, { status: "unavailable", reason: errorMessage(e) }));
  const problems = await toolProblems(ctx.settings);
  if (stateDatabase.status !== "ok") return { status: "down", checkedAt, stateDatabase, problems, repository, components: [] };
  const overview = await getOverview(ctx);
  const components = overview.components.map((c) => ({
    id: c.component.id,
    name: c.component.name,
    kind: c.component.kind,
    criticality: c.component.criticality,
    rpo: { state: c.rpo.state, targetSeconds: c.component.rpo, ageSeconds: c.rpo.ageSeconds },
    newestVerifiedBackup: c.newestVerified ? { id: c.newestVerified.id, finishedAt: c.newestVerified.finishedAt } : null,
    activeBackup: c.active ? { id: c.active.id, status: c.active.status } : null,
  }));
  if (repository.status !== "ok") problems.push(`repository: ${repository.reason}`);
  for (const c of overview.components) {
    if (c.rpo.state === "breached" || c.rpo.state === "at-risk") {
      problems.push(`${c.component.id}: RPO ${c.rpo.state === "at-risk" ? "at risk" : "breached"} (${c.newestVerified ? `newest verified backup ${Math.round((c.rpo.ageSeconds ?? 0) / 60)} min old` : "no verified backup"}, target ${Math.round(c.component.rpo / 60)} min)`);
    }
  }
  const degraded = problems.length > 0 || repository.status !== "ok" || overview.components.some((c) => c.rpo.state === "breached" || c.rpo.state === "at-risk");
  return { status: degraded ? "degraded" : "ok", checkedAt, stateDatabase, problems, repository, components };
}
