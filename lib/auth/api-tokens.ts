import { createHash, randomBytes, randomUUID } from "node:crypto";
import { appendAuditEvent } from "../audit/append-audit-event";
import type { Db } from "../db";
import { AppError } from "../errors";
import type { Actor } from "./actor";

// Tokens are "drcp_" + 32 random bytes (base64url). Only their SHA-256 is stored: a
// database dump does not leak a usable token, and a token is shown exactly once.
const tokenPattern = /^drcp_[A-Za-z0-9_-]{43}$/;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export type TokenView = { id: string; userEmail: string; userRole: string; name: string; prefix: string; createdBy: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

export async function createApiToken(db: Db, actor: Actor, o: { userEmail: string; name?: string }): Promise<{ token: string; view: TokenView }> {
  const name = o.name?.trim() || "API token";
  if (name.length > 80) throw new AppError("validation", "A token name is at most 80 characters.");
  const user = await db.user.findUnique({ where: { email: o.userEmail.trim().toLowerCase() } });
  if (!user) throw new AppError("not_found", `No user with email ${o.userEmail}.`);
  if (user.disabled) throw new AppError("validation", `${user.email} is disabled; enable the account before giving it a token.`);
  const token = `drcp_${randomBytes(32).toString("base64url")}`;
  const row = await db.apiToken.create({
    data: { id: randomUUID(), userId: user.id, name, tokenHash: hashToken(token), prefix: token.slice(0, 10), createdBy: actor.operator },
  });
  await appendAuditEvent(db, actor, { eventType: "token.created", status: "ok", notes: `token "${row.name}" for ${user.email} (${user.role})`, details: { tokenId: row.id, user: user.email } });
  return { token, view: toView({ ...row, user }) };
}

export async function revokeApiToken(db: Db, actor: Actor, tokenId: string): Promise<TokenView> {
  const row = await db.apiToken.findUnique({ where: { id: tokenId }, include: { user: true } });
  if (!row) throw new AppError("not_found", `No token with id ${tokenId}.`);
  if (row.revokedAt) throw new AppError("conflict", `Token "${row.name}" was already revoked.`);
  const revoked = await db.apiToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() }, include: { user: true } });
  await appendAuditEvent(db, actor, { eventType: "token.revoked", status: "ok", notes: `token "${row.name}" of ${row.user.email}`, details: { tokenId } });
  return toView(revoked);
}

export async function listApiTokens(db: Db): Promise<TokenView[]> {
  const rows = await db.apiToken.findMany({ include: { user: true }, orderBy: { createdAt: "desc" } });
  return rows.map(toView);
}

// The actor a bearer token stands for, or null for a missing, malformed, unknown or
// revoked token, or one whose user is disabled.
export async function actorFromBearer(db: Db, header: string | null, address?: string): Promise<Actor | null> {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  if (!m || !tokenPattern.test(m[1]!)) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(m[1]!) }, include: { user: true } });
  if (!row || row.revokedAt || row.user.disabled) return null;
  await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  return { operator: row.user.email, role: row.user.role, source: "api", userId: row.user.id, address };
}

function toView(r: { id: string; name: string; prefix: string; createdBy: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null; user: { email: string; role: string } }): TokenView {
  return {
    id: r.id,
    userEmail: r.user.email,
    userRole: r.user.role,
    name: r.name,
    prefix: r.prefix,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
  };
}
