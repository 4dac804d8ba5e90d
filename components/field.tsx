import type { ReactNode } from "react";

export type FieldProps = { label: string; children: ReactNode; wide?: boolean };

// One labelled value in a detail page's grid; long values (keys, hashes) wrap.
export function Field({ label, children, wide = false }: FieldProps) {
  return (
    <div className={wide ? "sm:col-span-2" : undefined}>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 break-words text-sm [overflow-wrap:anywhere]">{children}</dd>
    </div>
  );
}
