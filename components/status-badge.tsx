const styles: Record<string, string> = {
  ok: "bg-emerald-100 text-emerald-800 ring-emerald-600/20",
  verified: "bg-emerald-100 text-emerald-800 ring-emerald-600/20",
  validated: "bg-emerald-100 text-emerald-800 ring-emerald-600/20",
  present: "bg-emerald-100 text-emerald-800 ring-emerald-600/20",
  "at-risk": "bg-amber-100 text-amber-800 ring-amber-600/20",
  queued: "bg-sky-100 text-sky-800 ring-sky-600/20",
  running: "bg-sky-100 text-sky-800 ring-sky-600/20",
  downloading: "bg-sky-100 text-sky-800 ring-sky-600/20",
  restoring: "bg-sky-100 text-sky-800 ring-sky-600/20",
  validating: "bg-sky-100 text-sky-800 ring-sky-600/20",
  breached: "bg-red-100 text-red-800 ring-red-600/20",
  failed: "bg-red-100 text-red-800 ring-red-600/20",
  missing: "bg-red-100 text-red-800 ring-red-600/20",
  overdue: "bg-red-100 text-red-800 ring-red-600/20",
  unknown: "bg-violet-100 text-violet-800 ring-violet-600/20",
  stateless: "bg-slate-100 text-slate-600 ring-slate-500/20",
};

const labels: Record<string, string> = { "at-risk": "at risk", stateless: "stateless" };

export type StatusBadgeProps = { status: string; title?: string; label?: string };

// `status` picks the colour (and is the label unless `label` says otherwise).
export function StatusBadge({ status, title, label }: StatusBadgeProps) {
  return (
    <span
      title={title}
      data-status={status}
      className={`inline-flex items-center rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${styles[status] ?? styles.stateless}`}
    >
      {label ?? labels[status] ?? status}
    </span>
  );
}
