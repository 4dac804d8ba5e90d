import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/sign-out-button";
import { can } from "@/lib/auth/permissions";
import { sessionActor } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

// Every page below needs a signed-in user; every mutation checks again on its own.
export default async function AppLayout({ children }: { children: ReactNode }) {
  const actor = await sessionActor();
  if (!actor) redirect("/signin");
  const links = [
    { href: "/", label: "Overview" },
    { href: "/backups", label: "Backups" },
    { href: "/drills", label: "Drills" },
    { href: "/audit", label: "Audit" },
    ...(can(actor.role, "token.manage") ? [{ href: "/tokens", label: "Tokens" }] : []),
    ...(can(actor.role, "user.manage") ? [{ href: "/users", label: "Users" }] : []),
  ];
  return (
    <>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-8 gap-y-2 px-4 py-3">
          <Link href="/" className="font-semibold tracking-tight text-slate-900">
            DR Control Plane
          </Link>
          <nav className="flex flex-wrap gap-x-5 gap-y-1 text-sm text-slate-600">
            {links.map((l) => (
              <Link key={l.href} href={l.href} className="hover:text-slate-900">
                {l.label}
              </Link>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-3 text-xs text-slate-600" data-testid="signed-in-as">
            <span>
              {actor.operator} <span className="rounded bg-slate-100 px-1.5 py-0.5 font-medium text-slate-700">{actor.role}</span>
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
    </>
  );
}
