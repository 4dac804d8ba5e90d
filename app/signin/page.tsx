import { redirect } from "next/navigation";
import { SignInForm } from "@/components/sign-in-form";
import { sessionActor } from "@/lib/auth/session";
import { settings } from "@/lib/settings";

export const dynamic = "force-dynamic";

const ssoErrors: Record<string, string> = {
  AccessDenied: "Single sign-on did not give you a role here. Ask a coordinator.",
  OAuthSignin: "Single sign-on could not start; check the identity provider settings.",
  OAuthCallback: "Single sign-on failed on the way back from the identity provider.",
  SessionRequired: "Sign in to continue.",
};

// Only same-site paths: a callbackUrl pointing elsewhere is ignored.
function safeCallback(raw: string | undefined): string {
  return raw && raw.startsWith("/") && !raw.startsWith("//") ? raw : "/";
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string; callbackUrl?: string }> }) {
  const q = await searchParams;
  if (await sessionActor()) redirect(safeCallback(q.callbackUrl));
  const s = settings();
  return (
    <main className="mx-auto mt-24 max-w-sm px-4">
      <h1 className="text-2xl font-semibold tracking-tight">DR Control Plane</h1>
      <p className="mb-6 text-sm text-slate-600">Sign in to run backups and read recovery status.</p>
      <div className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <SignInForm sso={s.oidc ? { name: s.oidc.name } : null} initialError={q.error ? (ssoErrors[q.error] ?? "Sign-in failed; try again.") : null} callbackUrl={safeCallback(q.callbackUrl)} />
      </div>
      {s.embedded.postgres && <p className="mt-4 text-xs text-slate-500">Demo accounts and their passwords are in {s.dataDir}/secrets/demo-users.json.</p>}
    </main>
  );
}
