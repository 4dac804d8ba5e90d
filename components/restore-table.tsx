import Link from "next/link";
import { formatSeconds } from "@/lib/format";
import type { RestoreView } from "@/lib/restore/restore-view";
import { LocalTime } from "./local-time";
import { StatusBadge } from "./status-badge";
import { TableHead } from "./table-head";

// What became of the database a restore wrote.
export function ScratchState({ r }: { r: RestoreView }) {
  if (r.target === "original") return <span className="text-slate-600">n/a (original database)</span>;
  if (r.scratchDroppedAt)
    return (
      <span className="text-slate-600">
        dropped <LocalTime iso={r.scratchDroppedAt} />
      </span>
    );
  if (r.scratchExpiresAt)
    return (
      <span className="text-amber-800">
        kept until <LocalTime iso={r.scratchExpiresAt} />
      </span>
    );
  if (r.status === "validated" || r.status === "failed") return <span className="text-slate-400">none</span>;
  return <span className="text-slate-500">being restored</span>;
}

export type RestoreTableProps = { restores: RestoreView[]; componentNames?: Map<string, string>; empty: string; testId?: string };

// Restores and drills, newest first; each links to its own page.
export function RestoreTable({ restores, componentNames, empty, testId }: RestoreTableProps) {
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid={testId}>
        <TableHead columns={["Requested", ...(componentNames ? ["Component"] : []), "Outcome", "Duration", "Database", "Scratch copy", "By"]} />
        <tbody className="divide-y divide-slate-100">
          {restores.length === 0 && (
            <tr>
              <td colSpan={componentNames ? 7 : 6} className="px-3 py-6 text-center text-slate-500">
                {empty}
              </td>
            </tr>
          )}
          {restores.map((r) => (
            <tr key={r.id} data-restore={r.id} data-status={r.status} className="align-top">
              <td className="whitespace-nowrap px-3 py-2">
                <Link href={`/restores/${r.id}`} className="text-sky-800 hover:underline">
                  <LocalTime iso={r.requestedAt} />
                </Link>
                <div className="text-xs text-slate-500">
                  {r.purpose} · {r.trigger}
                </div>
              </td>
              {componentNames && (
                <td className="whitespace-nowrap px-3 py-2">
                  <Link href={`/components/${r.component}`} className="hover:underline">
                    {componentNames.get(r.component) ?? r.component}
                  </Link>
                </td>
              )}
              <td className="px-3 py-2">
                <StatusBadge status={r.status} title={r.error ?? undefined} />
              </td>
              <td className="whitespace-nowrap px-3 py-2 tabular-nums" data-testid="restore-duration">
                {r.durationSeconds !== null ? formatSeconds(r.durationSeconds) : "—"}
              </td>
              <td className="break-all px-3 py-2 font-mono text-xs">
                {r.database}
                {r.target === "original" && <span className="ml-1 font-sans text-red-700">(original)</span>}
              </td>
              <td className="whitespace-nowrap px-3 py-2 text-xs">
                <ScratchState r={r} />
              </td>
              <td className="px-3 py-2 text-xs text-slate-600">{r.requestedBy}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
