import { randomUUID } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { appendAuditEvent } from "../audit/append-audit-event";
import { db } from "../db";
import type { Role } from "../generated/prisma/enums";
import { authSecret, settings } from "../settings";
import { parseRoleMap, roleFromClaims } from "./oidc-role";
import { signInWithPassword } from "./sign-in-with-password";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string; role: Role };
  }
  interface User {
    role?: Role;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    role?: Role;
  }
}

type Headers = Record<string, string | string[] | undefined> | undefined;

export function clientAddress(headers: Headers | Pick<globalThis.Headers, "get">): string {
  const get = (name: string) => (headers && "get" in headers && typeof headers.get === "function" ? headers.get(name) : (headers as Headers)?.[name]);
  const forwarded = get("x-forwarded-for");
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  return first || String(get("x-real-ip") ?? "unknown");
}

let cached: NextAuthOptions | undefined;

// Sessions are signed JWTs in an http-only cookie (secure when the site is https), valid
// for 8 hours; the role in them is only a hint for the UI: every guard reads the user again.
export function authOptions(): NextAuthOptions {
  if (cached) return cached;
  const s = settings();
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const result = await signInWithPassword(db(), {
          email: String(credentials?.email ?? ""),
          password: String(credentials?.password ?? ""),
          address: clientAddress(req?.headers as Headers),
        }).catch((e: unknown) => {
          console.error(e);
          throw new Error("Sign-in is unavailable: the control plane's database is not answering. Try again in a minute.");
        });
        if (!result.ok) throw new Error(result.message);
        return { id: result.user.id, email: result.user.email, name: result.user.name, role: result.user.role };
      },
    }),
  ];
  if (s.oidc) {
    const o = s.oidc;
    providers.push({
      id: "oidc",
      name: o.name,
      type: "oauth",
      wellKnown: `${o.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: o.clientId,
      clientSecret: o.clientSecret,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile(profile: Record<string, unknown>) {
        return { id: String(profile.sub), email: String(profile.email ?? ""), name: String(profile.name ?? profile.email ?? profile.sub) };
      },
    });
  }
  const roleMap = s.oidc ? parseRoleMap(s.oidc.roleMap) : new Map<string, Role>();

  cached = {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: 8 * 3600 },
    pages: { signIn: "/signin", error: "/signin" },
    providers,
    callbacks: {
      // Single sign-on: the identity provider's groups decide the role on every sign-in.
      async signIn({ user, account, profile }) {
        if (account?.provider !== "oidc" || !s.oidc) return true;
        const claims = (profile ?? {}) as Record<string, unknown>;
        const role = roleFromClaims(claims, s.oidc.roleClaim, roleMap, s.oidc.defaultRole);
        const subject = `${s.oidc.issuer}#${String(claims.sub)}`;
        const email = String(claims.email ?? "").toLowerCase();
        const actor = { operator: email || subject, role: "anonymous" as const, source: "ui" as const };
        if (!role || !email) {
          await appendAuditEvent(db(), actor, { eventType: "auth.sign_in_failed", status: "failed", notes: !email ? "identity provider sent no email" : `no role for ${s.oidc.roleClaim}` });
          return false;
        }
        const existing = await db().user.findFirst({ where: { OR: [{ ssoSubject: subject }, { email }] } });
        if (existing?.disabled) return false;
        const saved = existing
          ? await db().user.update({ where: { id: existing.id }, data: { role, ssoSubject: subject, name: user.name ?? existing.name } })
          : await db().user.create({ data: { id: randomUUID(), email, name: user.name ?? email, role, ssoSubject: subject } });
        if (existing && existing.role !== role) {
          await appendAuditEvent(db(), { ...actor, role: "system" }, { eventType: "user.role_changed", status: "ok", notes: `${email}: ${existing.role} -> ${role} (single sign-on)` });
        }
        await appendAuditEvent(db(), { operator: email, role, source: "ui", userId: saved.id }, { eventType: "auth.sign_in", status: "ok", notes: "single sign-on" });
        user.id = saved.id;
        user.role = role;
        return true;
      },
      jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.role = user.role;
        }
        return token;
      },
      session({ session, token }) {
        session.user = { id: token.uid ?? "", email: token.email ?? "", name: token.name ?? "", role: token.role ?? "viewer" };
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        if (token?.email) await appendAuditEvent(db(), { operator: token.email, role: token.role ?? "viewer", source: "ui", userId: token.uid }, { eventType: "auth.sign_out", status: "ok" });
      },
    },
  };
  return cached;
}
