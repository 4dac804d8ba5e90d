"use client";

import { useState, useTransition } from "react";
import { runDrillAction } from "@/app/actions/restore-actions";
import { RestoreProgress } from "./restore-progress";

export type RunDrillButtonProps = { componentId: string; testName: string; activeRestoreId: string | null };

// "Run drill now": the plan's restore test outside its schedule, with live progress.
export function RunDrillButton({ componentId, testName, activeRestoreId }: RunDrillButtonProps) {
  const [restoreId, setRestoreId] = useState<string | null>(activeRestoreId);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const onClick = () => {
    setError(null);
    startTransition(async () => {
      const r = await runDrillAction({ componentId });
      if (r.ok) setRestoreId(r.data.restoreId);
      else setError(r.error);
    });
  };
  return (
    <div className="space-y-2">
      <button
        type="button"
        onClick={onClick}
        disabled={pending}
        aria-label={`Run drill now: ${testName}`}
        className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-slate-700 disabled:opacity-50"
      >
        {pending ? "Requesting…" : "Run drill now"}
      </button>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      {restoreId && <RestoreProgress key={restoreId} restoreId={restoreId} />}
    </div>
  );
}
