"use client";

import { TableHead } from "./table-head";
import { useState, useTransition } from "react";
import { changeRoleAction, createUserAction, resetPasswordAction, setUserDisabledAction } from "@/app/actions/user-actions";
import type { UserView } from "@/lib/users/manage-users";

const roleOptions = ["viewer", "engineer", "coordinator"] as const;

export function UserManager({ users, selfId }: { users: UserView[]; selfId: string | undefined }) {
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<{ email: string; password: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const run = (f: () => Promise<{ ok: true } | { ok: false; error: string }>) =>
    startTransition(async () => {
      setError(null);
      const r = await f();
      if (!r.ok) setError(r.error);
    });

  const create = (form: FormData) =>
    startTransition(async () => {
      setError(null);
      setSecret(null);
      const r = await createUserAction({ email: String(form.get("email") ?? ""), name: String(form.get("name") ?? ""), role: String(form.get("role") ?? "") });
      if (r.ok) setSecret({ email: r.data.user.email, password: r.data.password });
      else setError(r.error);
    });

  return (
    <div className="space-y-5">
      <form action={create} className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm">
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">Email</span>
          <input name="email" type="email" required className="rounded-md border border-slate-300 px-2 py-1.5" />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">Name</span>
          <input name="name" required maxLength={100} className="rounded-md border border-slate-300 px-2 py-1.5" />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">Role</span>
          <select name="role" defaultValue="viewer" className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
            {roleOptions.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={pending} className="rounded-md bg-slate-900 px-3 py-1.5 font-medium text-white hover:bg-slate-700 disabled:opacity-50">
          Add user
        </button>
      </form>
      {error && (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {error}
        </p>
      )}
      {secret && (
        <div role="status" className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900">
          Password for {secret.email} (shown once; hand it over safely): <code className="font-mono">{secret.password}</code>
        </div>
      )}
      <section className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="users">
          <TableHead columns={["User", "Role", "Sign-in", "State", ""]} />
          <tbody className="divide-y divide-slate-100">
            {users.map((u) => (
              <tr key={u.id} data-user={u.email}>
                <td className="px-3 py-2">
                  <div className="font-medium">{u.name}</div>
                  <div className="text-xs text-slate-500">{u.email}</div>
                </td>
                <td className="px-3 py-2">
                  <select
                    aria-label={`Role of ${u.email}`}
                    value={u.role}
                    disabled={pending}
                    onChange={(e) => run(() => changeRoleAction({ userId: u.id, role: e.target.value }))}
                    className="rounded-md border border-slate-300 bg-white px-2 py-1"
                  >
                    {roleOptions.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                </td>
                <td className="px-3 py-2 text-slate-600">{u.sso ? "single sign-on" : "password"}</td>
                <td className="px-3 py-2">{u.disabled ? <span className="text-red-700">disabled</span> : "active"}</td>
                <td className="space-x-2 whitespace-nowrap px-3 py-2">
                  {u.id !== selfId && (
                    <button type="button" disabled={pending} onClick={() => run(() => setUserDisabledAction({ userId: u.id, disabled: !u.disabled }))} className="rounded-md border border-slate-300 px-2 py-1 text-xs font-medium hover:bg-slate-100">
                      {u.disabled ? "Enable" : "Disable"}
                    </button>
                  )}
                  {!u.sso && (
                    <button
                      type="button"
                      disabled={pending}
                      onClick={() =>
                        startTransition(async () => {
                          setError(null);
                          const r = await resetPasswordAction({ userId: u.id });
                          if (r.ok) setSecret({ email: r.data.user.email, password: r.data.password });
                          else setError(r.error);
                        })
                      }
                      className="rounded-md border border-slate-300 px-2 py-1 text-xs font-medium hover:bg-slate-100"
                    >
                      Reset password
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
