"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

export type SignInFormProps = { sso: { name: string } | null; initialError: string | null; callbackUrl: string };

export function SignInForm({ sso, initialError, callbackUrl }: SignInFormProps) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setPending(true);
    setError(null);
    const form = new FormData(e.currentTarget);
    const r = await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirect: false });
    setPending(false);
    if (r?.ok && !r.error) {
      router.replace(callbackUrl);
      router.refresh();
    } else {
      setError(r?.error && r.error !== "CredentialsSignin" ? r.error : "Wrong email or password.");
    }
  };
  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="space-y-3">
        <label className="block text-sm">
          <span className="mb-1 block font-medium text-slate-700">Email</span>
          <input name="email" type="email" autoComplete="username" required className="w-full rounded-md border border-slate-300 px-3 py-2" />
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium text-slate-700">Password</span>
          <input name="password" type="password" autoComplete="current-password" required className="w-full rounded-md border border-slate-300 px-3 py-2" />
        </label>
        {error && (
          <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
            {error}
          </p>
        )}
        <button type="submit" disabled={pending} className="w-full rounded-md bg-slate-900 px-3 py-2 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-50">
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {sso && (
        <button type="button" onClick={() => signIn("oidc", { callbackUrl })} className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-100">
          Sign in with {sso.name}
        </button>
      )}
    </div>
  );
}
