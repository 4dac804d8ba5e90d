"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type RtoChartPoint = { at: string; seconds: number; status: "validated" | "failed"; purpose: "restore" | "drill"; id: string };

const colors = { validated: "#10b981", failed: "#ef4444" };

function shortTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { month: "short", day: "2-digit", hour: "2-digit", minute: "2-digit" });
}

// Measured duration of every finished restore and drill of one component (request to
// validated, or to failure) over time, against the component's RTO target and its 80%.
export function RtoChart({ points, rtoSeconds }: { points: RtoChartPoint[]; rtoSeconds: number }) {
  if (points.length === 0) {
    return (
      <div data-testid="rto-chart" data-points={0} className="flex h-40 items-center justify-center rounded-md border border-dashed border-slate-300 px-4 text-center text-sm text-slate-500">
        Never restored: run a drill to measure how long a restore takes.
      </div>
    );
  }
  // Minutes once the target is two minutes or more, so the RTO line reads "30 min".
  const minutes = rtoSeconds >= 120;
  const unit = minutes ? 60 : 1;
  const data = points.map((p) => ({ ...p, t: new Date(p.at).getTime(), y: p.seconds / unit })).sort((a, b) => a.t - b.t);
  const first = data[0]!.t;
  const last = data[data.length - 1]!.t;
  const pad = Math.max(60_000, (last - first) * 0.05);
  // A round top and four or five even steps: 0, 10, 20, 30, 40 min for a 30 min target.
  const rawMax = Math.max(rtoSeconds * 1.1, ...data.map((d) => d.seconds * 1.1)) / unit;
  const magnitude = 10 ** Math.floor(Math.log10(rawMax / 5));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((st) => rawMax / st <= 5) ?? 10 * magnitude;
  const yMax = Math.ceil(rawMax / step) * step;
  const yTicks = Array.from({ length: Math.round(yMax / step) + 1 }, (_, i) => Number((i * step).toFixed(6)));
  const fmtY = (v: number) => `${Number(v.toFixed(2))} ${minutes ? "min" : "s"}`;
  return (
    <div className="h-64 w-full" data-testid="rto-chart" data-points={data.length} aria-label="Restore durations against the RTO target">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 44, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="t" type="number" scale="time" domain={[first - pad, last + pad]} tickFormatter={shortTime} tick={{ fontSize: 11 }} minTickGap={24} />
          <YAxis domain={[0, yMax]} ticks={yTicks} tickFormatter={fmtY} tick={{ fontSize: 12 }} width={56} />
          <Tooltip
            labelFormatter={(v) => new Date(Number(v)).toLocaleString()}
            formatter={(_v, _n, item) => {
              const p = item.payload as RtoChartPoint;
              const s = p.seconds;
              return [`${s < 60 ? `${s.toFixed(1)} s` : `${(s / 60).toFixed(1)} min`} (${Math.round((s / rtoSeconds) * 100)}% of RTO)`, `${p.purpose === "drill" ? "Drill" : "Restore"} ${p.status}`];
            }}
          />
          <ReferenceLine y={(rtoSeconds * 0.8) / unit} stroke="#f59e0b" strokeDasharray="4 4" label={{ value: "80%", position: "right", fontSize: 11 }} />
          <ReferenceLine y={rtoSeconds / unit} stroke="#ef4444" strokeDasharray="4 4" label={{ value: "RTO", position: "right", fontSize: 11 }} />
          <Line
            dataKey="y"
            stroke="#94a3b8"
            strokeWidth={1.5}
            isAnimationActive={false}
            dot={(props: { cx?: number; cy?: number; index?: number; payload?: (typeof data)[number] }) => (
              <circle
                key={props.payload?.id ?? props.index}
                className="recharts-dot rto-point"
                data-status={props.payload?.status}
                cx={props.cx}
                cy={props.cy}
                r={5}
                fill={colors[props.payload?.status ?? "validated"]}
                stroke="#fff"
                strokeWidth={1.5}
              />
            )}
            activeDot={{ r: 7 }}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
