import Link from "next/link";
import { LocalTime } from "@/components/local-time";
import { RestoreTable } from "@/components/restore-table";
import { RunDrillButton } from "@/components/run-drill-button";
import { StatusBadge } from "@/components/status-badge";
import { can } from "@/lib/auth/permissions";
import { sessionActor } from "@/lib/auth/session";
import { appContext } from "@/lib/context";
import { formatSeconds } from "@/lib/format";
import { formatDuration } from "@/lib/plan/duration";
import { summarizeDrills } from "@/lib/restore/drills";
import { listRestores } from "@/lib/restore/list-restores";

export const dynamic = "force-dynamic";

const active = new Set(["queued", "downloading", "restoring", "validating"]);

export default async function DrillsPage() {
  const ctx = appContext();
  const [summaries, drills, actor] = await Promise.all([summarizeDrills(ctx), listRestores(ctx, { purpose: "drill", limit: 200 }), sessionActor()]);
  const mayRun = can(actor?.role, "drill.run");
  const names = new Map(ctx.settings.plan.components.map((c) => [c.id, c.name]));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Drills</h1>
        <p className="text-sm text-slate-600">
          Each restore test of the plan restores the component&apos;s newest verified backup into a scratch database, validates it against the manifest and drops it. Its duration is the measured RTO.
        </p>
      </div>

      {summaries.length === 0 && <p className="rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-600 shadow-sm">The plan has no restore tests.</p>}

      <div className="grid gap-4 lg:grid-cols-2">
        {summaries.map((s) => {
          const component = ctx.settings.plan.components.find((c) => c.id === s.test.component);
          const last = s.last;
          return (
            <section key={s.test.id} data-test={s.test.id} className={`space-y-3 rounded-lg border bg-white p-4 shadow-sm ${s.failed || s.overdue ? "border-red-300" : "border-slate-200"}`}>
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div>
                  <h2 className="font-semibold">{s.test.name}</h2>
                  <Link href={`/components/${s.test.component}`} className="text-sm text-sky-700 hover:underline">
                    {s.componentName}
                  </Link>
                </div>
                <div className="flex flex-wrap gap-1" data-testid="drill-flags">
                  {s.failed && <StatusBadge status="failed" label="last drill failed" />}
                  {s.overdue && <StatusBadge status="overdue" title={`No passed drill since the slot at ${s.dueSince}`} />}
                  {!s.failed && !s.overdue && last?.status === "validated" && <StatusBadge status="ok" label="passing" />}
                </div>
              </div>
              <dl className="grid grid-cols-2 gap-3 text-sm">
                <div>
                  <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Schedule</dt>
                  <dd>
                    <code className="text-xs">{s.test.schedule}</code> <span className="text-xs text-slate-500">({s.test.timeZone})</span>
                  </dd>
                </div>
                <div>
                  <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Next run</dt>
                  <dd>
                    <LocalTime iso={s.nextAt} />
                  </dd>
                </div>
                <div>
                  <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Last result</dt>
                  <dd className="flex flex-wrap items-center gap-x-2" data-testid="last-result">
                    {last ? (
                      <>
                        <StatusBadge status={last.status} title={last.error ?? undefined} />
                        <Link href={`/restores/${last.id}`} className="text-xs text-sky-700 hover:underline">
                          <LocalTime iso={last.requestedAt} />
                        </Link>
                      </>
                    ) : (
                      <span className="text-slate-500">never run</span>
                    )}
                  </dd>
                </div>
                <div>
                  <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Duration</dt>
                  <dd>
                    {last?.durationSeconds != null ? formatSeconds(last.durationSeconds) : "—"}
                    {component && <span className="text-xs text-slate-500"> (RTO {formatDuration(component.rto)})</span>}
                  </dd>
                </div>
              </dl>
              {s.overdue && (
                <p className="text-xs text-red-800">
                  Overdue: no passed drill since the slot at <LocalTime iso={s.dueSince} />.
                </p>
              )}
              {s.failed && last?.error && <p className="break-words text-xs text-red-800">{last.error}</p>}
              {mayRun && <RunDrillButton componentId={s.test.component} testName={s.test.name} activeRestoreId={last && active.has(last.status) ? last.id : null} />}
            </section>
          );
        })}
      </div>

      <section className="rounded-lg border border-slate-200 bg-white shadow-sm">
        <div className="border-b border-slate-100 px-4 py-3">
          <h2 className="text-sm font-semibold">All drills</h2>
        </div>
        <RestoreTable restores={drills} componentNames={names} testId="drills" empty="No drills yet." />
      </section>
    </div>
  );
}
