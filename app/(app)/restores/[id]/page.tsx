import Link from "next/link";
import { TableHead } from "@/components/table-head";
import { Field } from "@/components/field";
import { notFound } from "next/navigation";
import { LocalTime } from "@/components/local-time";
import { RestoreProgress } from "@/components/restore-progress";
import { ScratchState } from "@/components/restore-table";
import { StatusBadge } from "@/components/status-badge";
import { appContext } from "@/lib/context";
import { isAppError } from "@/lib/errors";
import { formatBytes, formatSeconds } from "@/lib/format";
import { formatDuration } from "@/lib/plan/duration";
import { getRestore } from "@/lib/restore/list-restores";

export const dynamic = "force-dynamic";

export default async function RestorePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = appContext();
  const r = await getRestore(ctx, id).catch((e) => {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  });
  const component = ctx.settings.plan.components.find((c) => c.id === r.component);
  const test = r.testId ? ctx.settings.plan.tests.find((t) => t.id === r.testId) : undefined;
  const running = r.status !== "validated" && r.status !== "failed";
  const checks = r.integrity?.checks ?? [];
  const failedChecks = checks.filter((c) => !c.ok).length;
  return (
    <div className="space-y-6">
      <div>
        <Link href={r.purpose === "drill" ? "/drills" : `/backups/${r.backupId}`} className="text-sm text-sky-700 hover:underline">
          ← {r.purpose === "drill" ? "Drills" : "Backup"}
        </Link>
        <h1 className="mt-1 flex flex-wrap items-center gap-3 text-2xl font-semibold tracking-tight">
          {component?.name ?? r.component} {r.purpose === "drill" ? "drill" : "restore"} <StatusBadge status={r.status} />
        </h1>
        <p className="font-mono text-xs text-slate-500">{r.id}</p>
      </div>

      {running && (
        <section className="rounded-lg border border-sky-200 bg-white p-4 shadow-sm">
          <RestoreProgress restoreId={r.id} compact />
        </section>
      )}
      {r.error && r.status === "failed" && (
        <p role="alert" className="break-words rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {r.error}
        </p>
      )}

      <section className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-4">
        <Field label="Target database" wide>
          <span className="break-all font-mono" data-testid="target-database">
            {r.database}
          </span>{" "}
          <span className="text-xs text-slate-500">({r.target === "original" ? "the original" : "scratch"})</span>
        </Field>
        <Field label="Scratch copy">
          <ScratchState r={r} />
        </Field>
        <Field label="Requested by">
          {r.requestedBy} ({r.trigger})
        </Field>
        <Field label="Backup">
          <Link href={`/backups/${r.backupId}`} className="break-all font-mono text-xs text-sky-700 hover:underline">
            {r.backupId}
          </Link>
        </Field>
        <Field label="Requested">
          <LocalTime iso={r.requestedAt} withZone />
        </Field>
        <Field label="Started">
          <LocalTime iso={r.startedAt} withZone />
        </Field>
        <Field label="Finished">
          <LocalTime iso={r.finishedAt} withZone />
        </Field>
        <Field label="Measured duration">
          <span data-testid="measured-duration">{r.durationSeconds !== null ? formatSeconds(r.durationSeconds) : "—"}</span>
          {component && r.durationSeconds !== null && <span className="text-xs text-slate-500"> of a {formatDuration(component.rto)} RTO</span>}
        </Field>
        <Field label="Downloaded">
          {formatBytes(r.bytesDownloaded)} of {formatBytes(r.bytesTotal)}
        </Field>
        <Field label="Component">
          <Link href={`/components/${r.component}`} className="text-sky-700 hover:underline">
            {component?.name ?? r.component}
          </Link>
        </Field>
        {test && <Field label="Plan test">{test.name}</Field>}
      </section>

      <section className="rounded-lg border border-slate-200 bg-white shadow-sm">
        <div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-slate-100 px-4 py-3">
          <h2 className="text-sm font-semibold">Integrity checks</h2>
          {checks.length > 0 && (
            <span className={`text-xs ${failedChecks ? "text-red-700" : "text-emerald-700"}`}>{failedChecks ? `${failedChecks} of ${checks.length} differ from the manifest` : `all ${checks.length} match the manifest`}</span>
          )}
        </div>
        {checks.length === 0 ? (
          <p className="px-4 py-6 text-center text-sm text-slate-500">{running ? "Checked once the data is restored." : "No checks were run."}</p>
        ) : (
          <>
            {/* Phones: one block per check (the values are too wide for four columns). */}
            <ul className="divide-y divide-slate-100 text-sm sm:hidden">
              {checks.map((c) => (
                <li key={c.name} className={`space-y-1 px-4 py-2 ${c.ok ? "" : "bg-red-50"}`}>
                  <div className="flex items-start justify-between gap-2">
                    <span>{c.name}</span>
                    <StatusBadge status={c.ok ? "ok" : "failed"} label={c.ok ? "ok" : "differs"} />
                  </div>
                  <dl className="grid grid-cols-[auto_1fr] gap-x-2 font-mono text-xs">
                    <dt className="font-sans text-slate-500">expected</dt>
                    <dd className="break-all">{c.expected ?? "—"}</dd>
                    <dt className="font-sans text-slate-500">actual</dt>
                    <dd className="break-all">{c.actual ?? "—"}</dd>
                  </dl>
                </li>
              ))}
            </ul>
            <div className="hidden overflow-x-auto sm:block">
              <table className="min-w-full text-sm" data-testid="integrity-checks">
                <TableHead cellPadding="px-4 py-2" columns={["Check", { label: "Expected", className: "text-right" }, { label: "Actual", className: "text-right" }, "OK"]} />
                <tbody className="divide-y divide-slate-100">
                  {checks.map((c) => (
                    <tr key={c.name} data-check={c.name} data-ok={String(c.ok)} className={c.ok ? "" : "bg-red-50"}>
                      <td className="min-w-48 px-4 py-1.5">{c.name}</td>
                      <td className="whitespace-nowrap px-4 py-1.5 text-right font-mono text-xs">{c.expected ?? "—"}</td>
                      <td className="whitespace-nowrap px-4 py-1.5 text-right font-mono text-xs">{c.actual ?? "—"}</td>
                      <td className="px-4 py-1.5">
                        <StatusBadge status={c.ok ? "ok" : "failed"} label={c.ok ? "ok" : "differs"} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </div>
  );
}
