"use client";

import { useId, useState, useTransition } from "react";
import { restoreBackupAction } from "@/app/actions/restore-actions";
import { RestoreProgress } from "./restore-progress";

export type RestorePanelProps = { backupId: string; database: string; mayRestoreOriginal: boolean };

// "Restore…" on a verified backup: into a scratch database (engineer and up), or over
// the original database (coordinator), which must be confirmed by typing its name.
export function RestorePanel({ backupId, database, mayRestoreOriginal }: RestorePanelProps) {
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState<"scratch" | "original">("scratch");
  const [confirm, setConfirm] = useState("");
  const [terminate, setTerminate] = useState(false);
  const [restoreId, setRestoreId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const id = useId();
  const confirmed = target === "scratch" || confirm === database;

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!confirmed) return;
    setError(null);
    startTransition(async () => {
      const r = await restoreBackupAction({ backupId, target, ...(target === "original" ? { confirm, terminateConnections: terminate } : {}) });
      if (r.ok) {
        setRestoreId(r.data.restoreId);
        setOpen(false);
        setConfirm("");
      } else setError(r.error);
    });
  };

  return (
    <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="restore-panel">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 className="text-sm font-semibold">Restore</h2>
          <p className="text-xs text-slate-500">Download this backup, check its SHA-256, restore it and compare every row count and integrity check with its manifest.</p>
        </div>
        {!open && (
          <button
            type="button"
            onClick={() => {
              setOpen(true);
              setError(null);
            }}
            className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-slate-700"
            aria-expanded={open}
            aria-controls={`${id}-form`}
          >
            Restore…
          </button>
        )}
      </div>

      {open && (
        <form id={`${id}-form`} onSubmit={submit} className="space-y-3 border-t border-slate-100 pt-3 text-sm">
          <fieldset className="space-y-2">
            <legend className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">Restore into</legend>
            <label className="flex items-start gap-2">
              <input type="radio" name={`${id}-target`} value="scratch" checked={target === "scratch"} onChange={() => setTarget("scratch")} className="mt-0.5" />
              <span>
                Scratch database (default)
                <span className="block text-xs text-slate-500">A new database named {database}_restore_&lt;time&gt;; the original is not touched.</span>
              </span>
            </label>
            {mayRestoreOriginal && (
              <label className="flex items-start gap-2">
                <input type="radio" name={`${id}-target`} value="original" checked={target === "original"} onChange={() => setTarget("original")} className="mt-0.5" />
                <span>
                  Over the original database <span className="font-mono">{database}</span>
                  <span className="block text-xs text-slate-500">Restored into a staging copy, validated, then swapped in: everything written since this backup is lost.</span>
                </span>
              </label>
            )}
          </fieldset>

          {target === "original" && (
            <div className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3">
              <label className="flex flex-col gap-1">
                <span className="text-sm font-medium text-amber-900">
                  Type <span className="font-mono">{database}</span> to confirm
                </span>
                <input
                  type="text"
                  value={confirm}
                  onChange={(e) => setConfirm(e.target.value)}
                  autoComplete="off"
                  spellCheck={false}
                  className="w-full max-w-sm rounded-md border border-amber-400 bg-white px-2 py-1.5 font-mono"
                />
              </label>
              <label className="flex items-start gap-2 text-amber-900">
                <input type="checkbox" checked={terminate} onChange={(e) => setTerminate(e.target.checked)} className="mt-0.5" />
                <span>
                  End other sessions connected to <span className="font-mono">{database}</span>
                </span>
              </label>
            </div>
          )}

          <div className="flex flex-wrap gap-2">
            <button
              type="submit"
              disabled={pending || !confirmed}
              className={`rounded-md px-3 py-1.5 font-medium text-white shadow-sm disabled:opacity-50 ${target === "original" ? "bg-red-700 hover:bg-red-600" : "bg-slate-900 hover:bg-slate-700"}`}
            >
              {pending ? "Requesting…" : target === "original" ? `Replace ${database}` : "Start restore"}
            </button>
            <button type="button" onClick={() => setOpen(false)} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-100">
              Cancel
            </button>
          </div>
        </form>
      )}

      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      {restoreId && <RestoreProgress key={restoreId} restoreId={restoreId} />}
    </section>
  );
}
