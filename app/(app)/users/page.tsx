import { UserManager } from "@/components/user-manager";
import { can } from "@/lib/auth/permissions";
import { sessionActor } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { listUsers } from "@/lib/users/manage-users";

export const dynamic = "force-dynamic";

export default async function UsersPage() {
  const actor = await sessionActor();
  if (!can(actor?.role, "user.manage")) {
    return <p className="text-sm text-slate-600">Only coordinators manage users.</p>;
  }
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
        <p className="text-sm text-slate-600">Viewers read everything and change nothing; engineers also run backups, restores into scratch databases and drills; coordinators also restore over originals and manage users and tokens.</p>
      </div>
      <UserManager users={await listUsers(db())} selfId={actor?.userId} />
    </div>
  );
}
