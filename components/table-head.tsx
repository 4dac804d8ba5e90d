export type Column = { label: string; className?: string };

// The header row every data table shares; `className` carries a column's alignment or
// responsive visibility (e.g. "text-right", "hidden md:table-cell").
export function TableHead({ columns, cellPadding = "px-3 py-2" }: { columns: (Column | string)[]; cellPadding?: string }) {
  return (
    <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
      <tr>
        {columns.map((c, i) => {
          const col = typeof c === "string" ? { label: c } : c;
          return (
            <th key={`${col.label}-${i}`} className={[cellPadding, col.className].filter(Boolean).join(" ")}>
              {col.label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
