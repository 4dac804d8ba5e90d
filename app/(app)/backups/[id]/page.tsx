import Link from "next/link";
import { TableHead } from "@/components/table-head";
import { Field } from "@/components/field";
import { notFound } from "next/navigation";
import { BackupProgress } from "@/components/backup-progress";
import { LocalTime } from "@/components/local-time";
import { RestorePanel } from "@/components/restore-panel";
import { RestoreTable } from "@/components/restore-table";
import { StatusBadge } from "@/components/status-badge";
import { can } from "@/lib/auth/permissions";
import { sessionActor } from "@/lib/auth/session";
import { getBackup } from "@/lib/backup/list-backups";
import { appContext } from "@/lib/context";
import { isAppError } from "@/lib/errors";
import { formatBytes, formatSeconds } from "@/lib/format";
import { listRestores } from "@/lib/restore/list-restores";

export const dynamic = "force-dynamic";

export default async function BackupDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = appContext();
  const b = await getBackup(ctx, id).catch((e) => {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  });
  const [actor, restores] = await Promise.all([sessionActor(), listRestores(ctx, { backupId: b.id, limit: 50 })]);
  const component = ctx.settings.plan.components.find((c) => c.id === b.component);
  const m = b.manifest;
  return (
    <div className="space-y-6">
      <div>
        <Link href="/backups" className="text-sm text-sky-700 hover:underline">
          ← Backups
        </Link>
        <h1 className="mt-1 flex flex-wrap items-center gap-3 text-2xl font-semibold tracking-tight">
          {component?.name ?? b.component} backup <StatusBadge status={b.status} />
          {b.missingSince && <StatusBadge status="missing" title="The object is no longer in the bucket" />}
        </h1>
        <p className="font-mono text-xs text-slate-500">{b.id}</p>
      </div>

      {(b.status === "queued" || b.status === "running") && (
        <section className="rounded-lg border border-sky-200 bg-white p-4 shadow-sm">
          <BackupProgress backupId={b.id} compact />
        </section>
      )}
      {b.missingSince && (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          The object of this backup has been missing from the bucket since <LocalTime iso={b.missingSince} withZone />. It cannot be restored and no longer counts toward the RPO.
        </p>
      )}
      {b.error && b.status === "failed" && (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {b.error}
        </p>
      )}

      {b.status === "verified" && !b.missingSince && can(actor?.role, "restore.scratch") && <RestorePanel backupId={b.id} database={b.database} mayRestoreOriginal={can(actor?.role, "restore.original")} />}

      <section className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-4">
        <Field label="Requested">
          <LocalTime iso={b.requestedAt} withZone />
        </Field>
        <Field label="Started">
          <LocalTime iso={b.startedAt} withZone />
        </Field>
        <Field label="Finished">
          <LocalTime iso={b.finishedAt} withZone />
        </Field>
        <Field label="Duration">{b.durationSeconds !== null ? formatSeconds(b.durationSeconds) : "—"}</Field>
        <Field label="Requested by">
          {b.requestedBy} ({b.trigger})
        </Field>
        <Field label="Database">{b.database}</Field>
        <Field label="Stored size">{b.sizeBytes ? formatBytes(b.sizeBytes) : "—"}</Field>
        <Field label="Dump size">{b.dumpBytes ? formatBytes(b.dumpBytes) : "—"}</Field>
        <Field label={b.status === "verified" ? "Object" : "Object (not stored)"}>
          <span className="font-mono text-xs">
            s3://{b.bucket}/{b.key}
          </span>
        </Field>
        <Field label={b.status === "verified" ? "Manifest" : "Manifest (not stored)"}>
          <span className="font-mono text-xs">{b.manifestKey}</span>
        </Field>
        <Field label="SHA-256">
          <span className="font-mono text-xs" data-testid="sha256">
            {b.sha256 ?? "—"}
          </span>
        </Field>
        <Field label="Endpoint">
          <span className="font-mono text-xs">{b.endpoint}</span>
        </Field>
      </section>

      <section className="rounded-lg border border-slate-200 bg-white shadow-sm">
        <div className="border-b border-slate-100 px-4 py-3">
          <h2 className="text-sm font-semibold">Restores of this backup</h2>
        </div>
        <RestoreTable restores={restores} testId="backup-restores" empty={b.status === "verified" ? "Not restored yet." : "Only verified backups can be restored."} />
      </section>

      {m && (
        <section className="rounded-lg border border-slate-200 bg-white shadow-sm">
          <div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-slate-100 px-4 py-3">
            <h2 className="text-sm font-semibold">Manifest: {m.tables.length} tables, {m.tables.reduce((n, t) => n + t.rows, 0).toLocaleString("en-US")} rows</h2>
            <span className="text-xs text-slate-500">
              PostgreSQL {m.server.version}, pg_dump {m.pgDump.version}, {m.encryption.format} {m.encryption.cipher}
            </span>
          </div>
          <div className="overflow-x-auto">
            <table className="min-w-full text-sm" data-testid="manifest-tables">
              <TableHead cellPadding="px-4 py-2" columns={["Schema", "Table", { label: "Rows", className: "text-right" }]} />
              <tbody className="divide-y divide-slate-100">
                {m.tables.map((t) => (
                  <tr key={`${t.schema}.${t.table}`} data-table={`${t.schema}.${t.table}`}>
                    <td className="px-4 py-1.5">{t.schema}</td>
                    <td className="px-4 py-1.5">{t.table}</td>
                    <td className="px-4 py-1.5 text-right tabular-nums">{t.rows.toLocaleString("en-US")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {!b.missingSince && (
            <div className="border-t border-slate-100 px-4 py-3">
              <h3 className="text-xs font-medium uppercase tracking-wide text-slate-500">Restore by hand</h3>
              <pre className="mt-1 overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-900 p-3 text-xs text-slate-100">{m.restoreHint}</pre>
            </div>
          )}
        </section>
      )}
    </div>
  );
}
