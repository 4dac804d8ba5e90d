import { BackUpButton } from "@/components/back-up-button";
import { TableHead } from "@/components/table-head";
import { LocalTime } from "@/components/local-time";
import { RpoChart } from "@/components/rpo-chart";
import { StatusBadge } from "@/components/status-badge";
import { getOverview, type ComponentOverview } from "@/lib/compliance/get-overview";
import { rtoTitle } from "@/lib/compliance/rto-title";
import { appContext } from "@/lib/context";
import { formatAge } from "@/lib/format";
import { formatDuration } from "@/lib/plan/duration";
import Link from "next/link";
import { can } from "@/lib/auth/permissions";
import { sessionActor } from "@/lib/auth/session";
import { summarizeDrills } from "@/lib/restore/drills";

export const dynamic = "force-dynamic";

const criticalityLabel = { critical: "Critical", high: "High", medium: "Medium" };

function rpoTitle(c: ComponentOverview): string {
  if (c.rpo.state === "stateless") return "No data to lose: nothing to back up";
  if (c.rpo.ageSeconds === null) return "No verified backup yet";
  return `Newest verified backup is ${formatAge(c.rpo.ageSeconds)} old against a ${formatDuration(c.component.rpo)} target`;
}

export default async function OverviewPage() {
  const ctx = appContext();
  const [overview, actor, drills] = await Promise.all([getOverview(ctx), sessionActor(), summarizeDrills(ctx)]);
  const troubled = drills.filter((d) => d.failed || d.overdue);
  const mayBackUp = can(actor?.role, "backup.create");
  const data = overview.components.filter((c) => c.backedUp);
  const { within, total } = overview.withinRpo;
  return (
    <div className="space-y-6">
      {troubled.length > 0 && (
        <div role="alert" data-testid="drill-banner" className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900">
          <ul className="space-y-0.5">
            {troubled.map((d) => (
              <li key={d.test.id}>
                <span className="font-medium">{d.test.name}</span> ({d.componentName}):{" "}
                {d.failed ? "the last drill failed" : "no passed drill since its last scheduled slot"}
                {d.failed && d.overdue ? ", and it is overdue" : ""}.
              </li>
            ))}
          </ul>
          <Link href="/drills" className="font-medium text-red-900 underline underline-offset-2">
            Open Drills
          </Link>
        </div>
      )}
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Overview</h1>
          <p className="text-sm text-slate-600">{overview.platform}: recovery targets and the newest verified backup of each component.</p>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 text-right shadow-sm" data-testid="within-rpo">
          <div className="text-2xl font-semibold">{total ? Math.round((within / total) * 100) : 100}%</div>
          <div className="text-xs text-slate-600">
            within RPO: {within} of {total} components that hold data
          </div>
        </div>
      </div>

      <section className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <TableHead cellPadding="px-4 py-2" columns={["Component", { label: "Tier", className: "hidden md:table-cell" }, { label: "RTO", className: "hidden md:table-cell" }, { label: "RPO", className: "hidden md:table-cell" }, "Newest verified backup", { label: "RPO status", className: "hidden md:table-cell" }, { label: "RTO status", className: "hidden md:table-cell" }, { label: "Next scheduled", className: "hidden md:table-cell" }, ""]} />
          <tbody className="divide-y divide-slate-100">
            {overview.components.map((c) => (
              <tr key={c.component.id} data-component={c.component.id} className="align-top">
                <td className="px-4 py-3">
                  <Link href={`/components/${c.component.id}`} className="font-medium text-sky-800 hover:underline">
                    {c.component.name}
                  </Link>
                  <div className="text-xs text-slate-500">
                    {c.component.kind}
                    {c.component.tables ? `: ${c.component.tables.join(", ")}` : c.component.database ? `: ${c.component.database}` : ""}
                  </div>
                  {/* Narrow screens hide the target columns; the two statuses stay in view. */}
                  <div className="mt-1 flex flex-wrap gap-1 md:hidden">
                    {c.backedUp ? (
                      <>
                        <StatusBadge status={c.rpo.state} label={`RPO ${c.rpo.state === "at-risk" ? "at risk" : c.rpo.state}`} title={rpoTitle(c)} />
                        <StatusBadge status={c.rto.state} label={`RTO ${c.rto.state === "at-risk" ? "at risk" : c.rto.state}`} title={rtoTitle(c.rto, c.component.rto)} />
                      </>
                    ) : (
                      <StatusBadge status="stateless" />
                    )}
                  </div>
                </td>
                <td className="hidden whitespace-nowrap px-4 py-3 md:table-cell">
                  {criticalityLabel[c.component.criticality]} <span className="text-slate-500">(Tier {c.tier})</span>
                </td>
                <td className="hidden whitespace-nowrap px-4 py-3 md:table-cell">{formatDuration(c.component.rto)}</td>
                <td className="hidden whitespace-nowrap px-4 py-3 md:table-cell">{c.component.rpo === 0 ? "0 (stateless)" : formatDuration(c.component.rpo)}</td>
                <td className="whitespace-nowrap px-4 py-3">
                  {c.newestVerified ? (
                    <Link href={`/backups/${c.newestVerified.id}`} className="hover:underline">
                      {formatAge(c.rpo.ageSeconds ?? 0)} ago
                      <div className="text-xs text-slate-500">
                        <LocalTime iso={c.newestVerified.finishedAt} />
                      </div>
                    </Link>
                  ) : c.backedUp ? (
                    <span className="text-slate-500">none yet</span>
                  ) : (
                    <span className="text-slate-400">n/a</span>
                  )}
                  {c.lastFailed && (
                    <Link href={`/backups/${c.lastFailed.id}`} className="mt-1 block text-xs font-medium text-red-700 hover:underline" title={c.lastFailed.error ?? undefined}>
                      last backup failed
                    </Link>
                  )}
                </td>
                <td className="hidden px-4 py-3 md:table-cell">
                  <StatusBadge status={c.rpo.state} title={rpoTitle(c)} />
                </td>
                <td className="hidden px-4 py-3 md:table-cell" data-testid="rto-status">
                  <StatusBadge status={c.rto.state} title={rtoTitle(c.rto, c.component.rto)} />
                </td>
                <td className="hidden whitespace-nowrap px-4 py-3 text-slate-600 md:table-cell">{c.nextScheduledAt ? <LocalTime iso={c.nextScheduledAt} /> : <span className="text-slate-400">—</span>}</td>
                <td className="min-w-56 px-4 py-3">
                  {c.backedUp && mayBackUp && <BackUpButton componentId={c.component.id} componentName={c.component.name} activeBackupId={c.active?.id ?? null} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 className="mb-1 text-sm font-semibold">RPO compliance</h2>
        <p className="mb-3 text-xs text-slate-500">Age of the newest verified backup as a share of each target; at risk past 80%, breached past 100%. A component never backed up shows as breached.</p>
        <RpoChart
          points={data.map((c) => ({
            name: c.component.name,
            percent: c.rpo.share === null ? 400 : c.rpo.share * 100,
            state: c.rpo.state,
          }))}
        />
      </section>
    </div>
  );
}
