"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

// Times are stored in UTC and shown in the viewer's own time zone; the server renders
// UTC, the browser replaces it after hydration.
export function LocalTime({ iso, withZone = false }: { iso: string | null; withZone?: boolean }) {
  const local = useSyncExternalStore(subscribe, () => true, () => false);
  if (!iso) return <span className="text-slate-400">—</span>;
  const d = new Date(iso);
  const text = local
    ? d.toLocaleString(undefined, { year: "numeric", month: "short", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", ...(withZone ? { timeZoneName: "short" } : {}) })
    : `${d.toISOString().replace("T", " ").slice(0, 19)} UTC`;
  return (
    <time dateTime={iso} title={d.toISOString()}>
      {text}
    </time>
  );
}
