import { appendAuditEvent } from "../audit/append-audit-event";
import type { Db } from "../db";
import type { User } from "../generated/prisma/client";
import { checkPassword, decoyHash } from "./passwords";
import { afterFailure, beforeAttempt, type ThrottleState } from "./sign-in-throttle";

export type SignInResult = { ok: true; user: User } | { ok: false; message: string };

export const wrongCredentials = "Wrong email or password.";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function state(db: Db, key: string): Promise<ThrottleState | null> {
  return db.signInThrottle.findUnique({ where: { key } });
}

// Checks a password sign-in with throttling per account and per address; every
// outcome is audited. The message never tells which of email or password was wrong.
export async function signInWithPassword(db: Db, o: { email: string; password: string; address: string; now?: () => Date; wait?: (ms: number) => Promise<void> }): Promise<SignInResult> {
  const now = o.now ?? (() => new Date());
  const wait = o.wait ?? sleep;
  const email = o.email.trim().toLowerCase();
  const keys = [`email:${email}`, `ip:${o.address}`];
  const actor = { operator: email || "(no email)", role: "anonymous" as const, source: "ui" as const, address: o.address };
  const states = await Promise.all(keys.map((k) => state(db, k)));
  const decisions = states.map((s) => beforeAttempt(s, now()));
  const refused = decisions.find((d) => d.refused);
  if (refused?.refused) {
    const minutes = Math.ceil(refused.retryAfterMs / 60_000);
    await appendAuditEvent(db, actor, { eventType: "auth.sign_in_refused", status: "refused", notes: "too many failed sign-ins", details: { address: o.address } });
    return { ok: false, message: `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.` };
  }
  await wait(Math.max(0, ...decisions.map((d) => (d.refused ? 0 : d.delayMs))));

  const user = email ? await db.user.findUnique({ where: { email } }) : null;
  const good = await checkPassword(o.password, user?.passwordHash ?? decoyHash);
  if (user && good && !user.disabled) {
    await db.signInThrottle.deleteMany({ where: { key: { in: keys } } });
    await appendAuditEvent(db, { operator: user.email, role: user.role, source: "ui", userId: user.id, address: o.address }, { eventType: "auth.sign_in", status: "ok", details: { address: o.address } });
    return { ok: true, user };
  }
  for (const [i, key] of keys.entries()) {
    const next = afterFailure(states[i]!, now());
    await db.signInThrottle.upsert({ where: { key }, create: { key, ...next }, update: next });
  }
  const reason = !user ? "unknown account" : user.disabled ? "account disabled" : "wrong password";
  await appendAuditEvent(db, actor, { eventType: "auth.sign_in_failed", status: "failed", notes: reason, details: { address: o.address } });
  if (user?.disabled && good) return { ok: false, message: "This account is disabled. Ask a coordinator to enable it." };
  return { ok: false, message: wrongCredentials };
}
