import Link from "next/link";
import { TableHead } from "@/components/table-head";
import { LocalTime } from "@/components/local-time";
import { StatusBadge } from "@/components/status-badge";
import { auditEventTypes, auditFilterSchema, listAuditEvents } from "@/lib/audit/list-audit-events";
import { appContext } from "@/lib/context";

export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | undefined>>;

const statusStyle: Record<string, string> = { ok: "ok", verified: "verified", queued: "queued", running: "running", failed: "failed", denied: "breached", refused: "at-risk" };

const toInput = (d: Date | undefined) => (d ? d.toISOString().slice(0, 16) : "");

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = await searchParams;
  const filter = auditFilterSchema.parse(raw);
  const ctx = appContext();
  const [events, types] = await Promise.all([listAuditEvents(ctx.db, filter, { limit: 500 }), auditEventTypes(ctx.db)]);
  const query = new URLSearchParams(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== "")).toString();
  const input = "rounded-md border border-slate-300 bg-white px-2 py-1.5";
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Audit trail</h1>
          <p className="text-sm text-slate-600">Every action, append-only and hash-chained; newest first. Check the chain with <code className="text-xs">npm run --silent dr -- audit verify</code>.</p>
        </div>
        <a href={`/api/audit/export${query ? `?${query}` : ""}`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100" download>
          Export CSV
        </a>
      </div>
      <form method="get" className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">Event type</span>
          <select name="type" defaultValue={filter.type ?? ""} className={input}>
            <option value="">All types</option>
            {types.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">Component</span>
          <select name="component" defaultValue={filter.component ?? ""} className={input}>
            <option value="">All components</option>
            {ctx.settings.plan.components.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">Actor</span>
          <input name="actor" defaultValue={filter.actor ?? ""} placeholder="email or worker" className={input} />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">From (UTC)</span>
          <input type="datetime-local" name="from" defaultValue={toInput(filter.from)} className={input} />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">To (UTC)</span>
          <input type="datetime-local" name="to" defaultValue={toInput(filter.to)} className={input} />
        </label>
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-100">
          Filter
        </button>
        {query && (
          <Link href="/audit" className="py-1.5 text-sky-700 hover:underline">
            Clear
          </Link>
        )}
      </form>
      <section className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="audit-events">
          <TableHead columns={["#", "Time", "Event", "Status", "Component", "Actor", "Duration", "Data (GB)", "Notes"]} />
          <tbody className="divide-y divide-slate-100">
            {events.length === 0 && (
              <tr>
                <td colSpan={9} className="px-3 py-6 text-center text-slate-500">
                  No events match.
                </td>
              </tr>
            )}
            {events.map((e) => (
              <tr key={e.id} data-event-type={e.eventType} className="align-top">
                <td className="px-3 py-2 tabular-nums text-slate-500">{e.id}</td>
                <td className="whitespace-nowrap px-3 py-2">
                  <LocalTime iso={e.occurredAt} />
                </td>
                <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">{e.eventType}</td>
                <td className="px-3 py-2">
                  <StatusBadge status={statusStyle[e.status] ?? "stateless"} label={e.status} />
                </td>
                <td className="whitespace-nowrap px-3 py-2">{e.component ?? "—"}</td>
                <td className="px-3 py-2">
                  <div className="break-all">{e.operator}</div>
                  <div className="text-xs text-slate-500">
                    {e.actorRole} via {e.source}
                  </div>
                </td>
                <td className="whitespace-nowrap px-3 py-2">{e.durationSeconds !== null ? `${e.durationSeconds} s` : "—"}</td>
                <td className="whitespace-nowrap px-3 py-2">{e.dataRecoveredGb ?? "—"}</td>
                <td className="min-w-64 px-3 py-2 text-slate-700">{e.notes}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {events.length === 500 && <p className="text-xs text-slate-500">Showing the newest 500; narrow the filters or export CSV for all.</p>}
    </div>
  );
}
