import Link from "next/link";
import { Field } from "@/components/field";
import { notFound } from "next/navigation";
import { LocalTime } from "@/components/local-time";
import { RestoreTable } from "@/components/restore-table";
import { RtoChart, type RtoChartPoint } from "@/components/rto-chart";
import { StatusBadge } from "@/components/status-badge";
import { getOverview } from "@/lib/compliance/get-overview";
import { rtoTitle } from "@/lib/compliance/rto-title";
import { appContext } from "@/lib/context";
import { formatAge, formatSeconds } from "@/lib/format";
import { formatDuration } from "@/lib/plan/duration";
import { listRestores } from "@/lib/restore/list-restores";

export const dynamic = "force-dynamic";

const criticalityLabel = { critical: "Critical", high: "High", medium: "Medium" };

export default async function ComponentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = appContext();
  if (!ctx.settings.plan.components.some((c) => c.id === id)) notFound();
  const [overview, restores] = await Promise.all([getOverview(ctx), listRestores(ctx, { component: id, limit: 200 })]);
  const c = overview.components.find((x) => x.component.id === id)!;
  const { component } = c;
  const points: RtoChartPoint[] = restores
    .filter((r) => (r.status === "validated" || r.status === "failed") && r.finishedAt && r.durationSeconds !== null)
    .map((r) => ({ id: r.id, at: r.finishedAt!, seconds: r.durationSeconds!, status: r.status as "validated" | "failed", purpose: r.purpose }));
  const tests = ctx.settings.plan.tests.filter((t) => t.component === id);
  const policies = ctx.settings.plan.backupPolicies.filter((p) => p.component === id);
  return (
    <div className="space-y-6">
      <div>
        <Link href="/" className="text-sm text-sky-700 hover:underline">
          ← Overview
        </Link>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">{component.name}</h1>
        <p className="text-sm text-slate-600">
          {component.kind}
          {component.tables ? `: ${component.tables.join(", ")}` : component.database ? `: ${component.database}` : ""}
          {component.description ? ` — ${component.description}` : ""}
        </p>
      </div>

      <section className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-4">
        <Field label="Criticality">
          {criticalityLabel[component.criticality]} <span className="text-slate-500">(Tier {c.tier})</span>
        </Field>
        <Field label="RTO target">{formatDuration(component.rto)}</Field>
        <Field label="RPO target">{component.rpo === 0 ? "0 (stateless)" : formatDuration(component.rpo)}</Field>
        <Field label="Next scheduled backup">{c.nextScheduledAt ? <LocalTime iso={c.nextScheduledAt} /> : <span className="text-slate-400">—</span>}</Field>
        <Field label="Newest verified backup">
          {c.newestVerified ? (
            <Link href={`/backups/${c.newestVerified.id}`} className="text-sky-700 hover:underline">
              {formatAge(c.rpo.ageSeconds ?? 0)} ago (<LocalTime iso={c.newestVerified.finishedAt} />)
            </Link>
          ) : c.backedUp ? (
            <span className="text-slate-500">none yet</span>
          ) : (
            <span className="text-slate-400">n/a</span>
          )}
        </Field>
        <Field label="RPO status">
          <StatusBadge status={c.rpo.state} />
        </Field>
        <Field label="RTO status">
          <span data-testid="rto-status">
            <StatusBadge status={c.rto.state} title={rtoTitle(c.rto, component.rto)} />
          </span>
          {c.rto.durationSeconds !== null && <span className="ml-2 text-xs text-slate-500">{formatSeconds(c.rto.durationSeconds)} measured</span>}
        </Field>
        <Field label="Newest successful restore">
          {c.newestRestore ? (
            <Link href={`/restores/${c.newestRestore.id}`} className="text-sky-700 hover:underline">
              <LocalTime iso={c.newestRestore.finishedAt} />
            </Link>
          ) : (
            <span className="text-slate-500">{c.backedUp ? "never" : "n/a"}</span>
          )}
        </Field>
        {(policies.length > 0 || tests.length > 0) && (
          <div className="sm:col-span-2 lg:col-span-4">
            <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Schedules</dt>
            <dd className="mt-0.5 flex flex-wrap gap-x-6 gap-y-1 text-sm">
              {policies.map((p) => (
                <span key={p.id}>
                  Backup <code className="text-xs">{p.schedule}</code> <span className="text-xs text-slate-500">({p.timeZone})</span>
                </span>
              ))}
              {tests.map((t) => (
                <Link key={t.id} href="/drills" className="hover:underline">
                  {t.name} <code className="text-xs">{t.schedule}</code> <span className="text-xs text-slate-500">({t.timeZone})</span>
                </Link>
              ))}
            </dd>
          </div>
        )}
      </section>

      <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 className="mb-1 text-sm font-semibold">Restore durations</h2>
        <p className="mb-3 text-xs text-slate-500">Every finished restore and drill, request to validated (or to failure), against the {formatDuration(component.rto)} RTO target; at risk past 80%.</p>
        {c.backedUp ? (
          <RtoChart points={points} rtoSeconds={component.rto} />
        ) : (
          <div data-testid="rto-chart" data-points={0} className="flex h-24 items-center justify-center rounded-md border border-dashed border-slate-300 px-4 text-center text-sm text-slate-500">
            Stateless: nothing to restore; recovery is a redeploy.
          </div>
        )}
      </section>

      {c.backedUp && (
        <section className="rounded-lg border border-slate-200 bg-white shadow-sm">
          <div className="border-b border-slate-100 px-4 py-3">
            <h2 className="text-sm font-semibold">Restores and drills</h2>
          </div>
          <RestoreTable restores={restores} testId="component-restores" empty="Never restored." />
        </section>
      )}
    </div>
  );
}
