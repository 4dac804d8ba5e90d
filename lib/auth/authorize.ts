import { appendAuditEvent } from "../audit/append-audit-event";
import type { Db } from "../db";
import { AppError } from "../errors";
import type { Actor } from "./actor";
import { can, type Permission } from "./permissions";

// The guard on the first line of every server action and mutating route handler.
// No actor: 401. An actor whose role lacks the permission: 403, and the attempt is
// audited (the role is read fresh from the database, never trusted from a cookie).
export async function authorize(db: Db, actor: Actor | null, permission: Permission, context: { component?: string } = {}): Promise<Actor> {
  if (!actor) throw new AppError("unauthorized", "Sign in first (or send a valid API token).");
  if (can(actor.role, permission)) return actor;
  await appendAuditEvent(db, actor, {
    eventType: "access.denied",
    status: "denied",
    component: context.component,
    notes: `${actor.role} may not ${permission}`,
    details: { permission, ...(actor.address ? { address: actor.address } : {}) },
  });
  throw new AppError("forbidden", `Your role (${actor.role}) may not do this (${permission}).`);
}
