import Link from "next/link";
import { TableHead } from "@/components/table-head";
import { LocalTime } from "@/components/local-time";
import { StatusBadge } from "@/components/status-badge";
import { backupStatuses, listBackups } from "@/lib/backup/list-backups";
import { reconcileInventory } from "@/lib/backup/reconcile-inventory";
import { appContext } from "@/lib/context";
import { formatBytes, formatSeconds } from "@/lib/format";
import type { BackupStatus } from "@/lib/generated/prisma/enums";

export const dynamic = "force-dynamic";

type SearchParams = Promise<{ component?: string; status?: string }>;

export default async function BackupsPage({ searchParams }: { searchParams: SearchParams }) {
  const ctx = appContext();
  const q = await searchParams;
  const components = ctx.settings.plan.components.filter((c) => c.kind === "postgres" || c.kind === "table-set");
  const component = components.some((c) => c.id === q.component) ? q.component : undefined;
  const status = backupStatuses.includes(q.status as BackupStatus) ? (q.status as BackupStatus) : undefined;
  const backups = await listBackups(ctx, { component, status });
  const inventory = await reconcileInventory(ctx, backups);
  const names = new Map(ctx.settings.plan.components.map((c) => [c.id, c.name]));
  const missing = inventory.rows.filter((r) => r.objectState === "missing").length;

  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Backups</h1>
        <p className="text-sm text-slate-600">
          Every backup the control plane recorded, checked against what <code className="text-xs">s3://{ctx.store.bucket}</code> holds now.
        </p>
      </div>

      <form className="flex flex-wrap items-end gap-3 text-sm" method="get">
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">Component</span>
          <select name="component" defaultValue={component ?? ""} className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
            <option value="">All components</option>
            {components.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">Status</span>
          <select name="status" defaultValue={status ?? ""} className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
            <option value="">All statuses</option>
            {backupStatuses.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-100">
          Filter
        </button>
        {(component || status) && (
          <Link href="/backups" className="py-1.5 text-sky-700 hover:underline">
            Clear
          </Link>
        )}
      </form>

      {inventory.listingError && (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          The bucket could not be listed, so objects are not checked: {inventory.listingError}
        </p>
      )}
      {missing > 0 && (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {missing} verified backup{missing > 1 ? "s are" : " is"} missing from the bucket and cannot be restored.
        </p>
      )}

      <section className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="inventory">
          <TableHead columns={["Component", "Created", "Size", "Duration", "Status", "SHA-256", "Object key"]} />
          <tbody className="divide-y divide-slate-100">
            {inventory.rows.length === 0 && (
              <tr>
                <td colSpan={7} className="px-3 py-6 text-center text-slate-500">
                  No backups{component || status ? " match these filters" : " yet: use “Back up now” on the Overview"}.
                </td>
              </tr>
            )}
            {inventory.rows.map(({ backup: b, objectState }) => (
              <tr key={b.id} data-backup={b.id} className="align-top">
                <td className="px-3 py-2">
                  <Link href={`/backups/${b.id}`} className="font-medium text-sky-800 hover:underline">
                    {names.get(b.component) ?? b.component}
                  </Link>
                  <div className="text-xs text-slate-500">{b.trigger}</div>
                </td>
                <td className="whitespace-nowrap px-3 py-2">
                  <LocalTime iso={b.requestedAt} />
                </td>
                <td className="whitespace-nowrap px-3 py-2">{b.sizeBytes ? formatBytes(b.sizeBytes) : "—"}</td>
                <td className="whitespace-nowrap px-3 py-2">{b.durationSeconds !== null ? formatSeconds(b.durationSeconds) : "—"}</td>
                <td className="space-x-1 whitespace-nowrap px-3 py-2">
                  <StatusBadge status={b.status} title={b.error ?? undefined} />
                  {objectState === "missing" && <StatusBadge status="missing" title="The object is no longer in the bucket" />}
                </td>
                <td className="px-3 py-2 font-mono text-xs" title={b.sha256 ?? undefined}>
                  {b.sha256 ? `${b.sha256.slice(0, 12)}…` : "—"}
                </td>
                <td className="min-w-64 break-all px-3 py-2 font-mono text-xs">{b.key}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {inventory.unknown.length > 0 && (
        <section className="overflow-x-auto rounded-lg border border-violet-200 bg-white shadow-sm">
          <h2 className="border-b border-violet-100 px-3 py-2 text-sm font-semibold">
            Objects in the bucket with no record <StatusBadge status="unknown" />
          </h2>
          <table className="min-w-full text-sm" data-testid="unknown-objects">
            <tbody className="divide-y divide-slate-100">
              {inventory.unknown.map((o) => (
                <tr key={o.key}>
                  <td className="break-all px-3 py-2 font-mono text-xs">{o.key}</td>
                  <td className="whitespace-nowrap px-3 py-2">{formatBytes(o.size)}</td>
                  <td className="whitespace-nowrap px-3 py-2">
                    <LocalTime iso={o.lastModified} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
