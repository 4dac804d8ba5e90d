"use client";

import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Text, Tooltip, XAxis, YAxis, type XAxisTickContentProps } from "recharts";

export type RpoChartPoint = { name: string; percent: number; state: string };

const colors: Record<string, string> = { ok: "#10b981", "at-risk": "#f59e0b", breached: "#ef4444" };

// Component names wrap within their own band, so they do not run into each other on
// narrow screens ("PostgreSQL Database" is wider than a third of a phone).
function CategoryTick({ x, y, width, visibleTicksCount, fill, payload }: XAxisTickContentProps) {
  const band = Number(width ?? 0) / Math.max(1, visibleTicksCount);
  return (
    <Text x={Number(x)} y={Number(y)} dy={4} width={Math.max(48, band - 8)} textAnchor="middle" verticalAnchor="start" fontSize={12} fill={fill}>
      {String(payload.value ?? "")}
    </Text>
  );
}

// Age of each component's newest verified backup as a share of its RPO target.
export function RpoChart({ points }: { points: RpoChartPoint[] }) {
  const max = Math.max(120, ...points.map((p) => Math.min(p.percent, 400)));
  return (
    <div className="h-56 w-full" aria-label="RPO compliance chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={points.map((p) => ({ ...p, shown: Math.min(p.percent, 400) }))} margin={{ top: 8, right: 36, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" tick={CategoryTick} interval={0} height={40} />
          <YAxis domain={[0, max]} tickFormatter={(v: number) => `${v}%`} tick={{ fontSize: 12 }} width={48} />
          <Tooltip formatter={(_v, _n, item) => [`${(item.payload as RpoChartPoint).percent.toFixed(0)}% of RPO`, "Backup age"]} />
          <ReferenceLine y={80} stroke="#f59e0b" strokeDasharray="4 4" label={{ value: "80%", position: "right", fontSize: 11 }} />
          <ReferenceLine y={100} stroke="#ef4444" strokeDasharray="4 4" label={{ value: "RPO", position: "right", fontSize: 11 }} />
          <Bar dataKey="shown" isAnimationActive={false} minPointSize={3}>
            {points.map((p) => (
              <Cell key={p.name} fill={colors[p.state] ?? "#94a3b8"} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
