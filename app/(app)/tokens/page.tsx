import { TokenManager } from "@/components/token-manager";
import { listApiTokens } from "@/lib/auth/api-tokens";
import { can } from "@/lib/auth/permissions";
import { sessionActor } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { listUsers } from "@/lib/users/manage-users";

export const dynamic = "force-dynamic";

export default async function TokensPage() {
  const actor = await sessionActor();
  if (!can(actor?.role, "token.manage")) {
    return <p className="text-sm text-slate-600">Only coordinators manage API tokens.</p>;
  }
  const [tokens, users] = await Promise.all([listApiTokens(db()), listUsers(db())]);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">API tokens</h1>
        <p className="text-sm text-slate-600">
          Bearer tokens for the machine API (<code className="text-xs">/api/v1/…</code>). A token acts with its user&apos;s role; only its SHA-256 is stored.
        </p>
      </div>
      <TokenManager tokens={tokens} users={users.map((u) => ({ email: u.email, role: u.role, disabled: u.disabled }))} />
    </div>
  );
}
