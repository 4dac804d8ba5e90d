"use client";

import { TableHead } from "./table-head";
import { useState, useTransition } from "react";
import { createTokenAction, revokeTokenAction } from "@/app/actions/token-actions";
import type { TokenView } from "@/lib/auth/api-tokens";
import { LocalTime } from "./local-time";

export type TokenManagerProps = { tokens: TokenView[]; users: { email: string; role: string; disabled: boolean }[] };

export function TokenManager({ tokens, users }: TokenManagerProps) {
  const [created, setCreated] = useState<{ token: string; view: TokenView } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const enabled = users.filter((u) => !u.disabled);

  const create = (form: FormData) =>
    startTransition(async () => {
      setError(null);
      const r = await createTokenAction({ userEmail: String(form.get("userEmail") ?? ""), name: String(form.get("name") ?? "") });
      if (r.ok) setCreated(r.data);
      else setError(r.error);
    });
  const revoke = (t: TokenView) => {
    if (!window.confirm(`Revoke "${t.name}" of ${t.userEmail}? Scripts using it will get 401 at once.`)) return;
    startTransition(async () => {
      setError(null);
      const r = await revokeTokenAction({ tokenId: t.id });
      if (!r.ok) setError(r.error);
    });
  };

  return (
    <div className="space-y-5">
      <form action={create} className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm">
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">Acts as user</span>
          <select name="userEmail" required className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
            {enabled.map((u) => (
              <option key={u.email} value={u.email}>
                {u.email} ({u.role})
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">Name</span>
          <input name="name" placeholder="nightly-backup-cron" maxLength={80} className="rounded-md border border-slate-300 px-2 py-1.5" />
        </label>
        <button type="submit" disabled={pending} className="rounded-md bg-slate-900 px-3 py-1.5 font-medium text-white hover:bg-slate-700 disabled:opacity-50">
          Create token
        </button>
      </form>
      {error && (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {error}
        </p>
      )}
      {created && (
        <div role="status" className="space-y-2 rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm">
          <p className="font-medium text-emerald-900">
            Token for {created.view.userEmail} ({created.view.userRole}). Copy it now: it is not shown again.
          </p>
          <code data-testid="new-token" className="block break-all rounded bg-white px-2 py-1 font-mono text-xs">
            {created.token}
          </code>
          <p className="text-xs text-emerald-900">Use it as: Authorization: Bearer &lt;token&gt;</p>
        </div>
      )}
      <section className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="tokens">
          <TableHead columns={["Name", "User", "Starts with", "Created", "Last used", "State", ""]} />
          <tbody className="divide-y divide-slate-100">
            {tokens.length === 0 && (
              <tr>
                <td colSpan={7} className="px-3 py-6 text-center text-slate-500">
                  No tokens yet.
                </td>
              </tr>
            )}
            {tokens.map((t) => (
              <tr key={t.id} data-token={t.id}>
                <td className="px-3 py-2 font-medium">{t.name}</td>
                <td className="px-3 py-2">
                  {t.userEmail} <span className="text-xs text-slate-500">({t.userRole})</span>
                </td>
                <td className="px-3 py-2 font-mono text-xs">{t.prefix}…</td>
                <td className="whitespace-nowrap px-3 py-2">
                  <LocalTime iso={t.createdAt} />
                  <div className="text-xs text-slate-500">by {t.createdBy}</div>
                </td>
                <td className="whitespace-nowrap px-3 py-2">
                  <LocalTime iso={t.lastUsedAt} />
                </td>
                <td className="px-3 py-2">{t.revokedAt ? <span className="text-red-700">revoked</span> : "active"}</td>
                <td className="px-3 py-2">
                  {!t.revokedAt && (
                    <button type="button" onClick={() => revoke(t)} disabled={pending} className="rounded-md border border-red-300 px-2 py-1 text-xs font-medium text-red-800 hover:bg-red-50">
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
