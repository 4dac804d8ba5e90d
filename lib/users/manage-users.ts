import { randomUUID } from "node:crypto";
import { z } from "zod";
import { appendAuditEvent } from "../audit/append-audit-event";
import type { Actor } from "../auth/actor";
import { generatePassword, hashPassword } from "../auth/passwords";
import type { Db } from "../db";
import { AppError } from "../errors";
import type { Role } from "../generated/prisma/enums";

export const newUserSchema = z.object({
  email: z.string().trim().toLowerCase().max(254, "An email address is at most 254 characters.").email("Enter an email address like name@example.com."),
  name: z.string().trim().min(1, "Enter the person's name.").max(100, "A name is at most 100 characters."),
  role: z.enum(["viewer", "engineer", "coordinator"]),
});

export type UserView = { id: string; email: string; name: string; role: Role; disabled: boolean; sso: boolean; createdAt: string };

const view = (u: { id: string; email: string; name: string; role: Role; disabled: boolean; ssoSubject: string | null; createdAt: Date }): UserView => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  disabled: u.disabled,
  sso: u.ssoSubject !== null,
  createdAt: u.createdAt.toISOString(),
});

export async function listUsers(db: Db): Promise<UserView[]> {
  return (await db.user.findMany({ orderBy: { email: "asc" } })).map(view);
}

// Creates a user with a generated password, returned once and never stored in clear.
export async function createUser(db: Db, actor: Actor, input: z.input<typeof newUserSchema>): Promise<{ user: UserView; password: string }> {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) throw new AppError("validation", parsed.error.issues[0]!.message);
  const { email, name, role } = parsed.data;
  if (await db.user.findUnique({ where: { email } })) throw new AppError("conflict", `A user with email ${email} already exists.`);
  const password = generatePassword();
  const user = await db.user.create({ data: { id: randomUUID(), email, name, role, passwordHash: await hashPassword(password) } });
  await appendAuditEvent(db, actor, { eventType: "user.created", status: "ok", notes: `${email} as ${role}`, details: { userId: user.id, email, role } });
  return { user: view(user), password };
}

async function findUser(db: Db, userId: string) {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw new AppError("not_found", `No user with id ${userId}.`);
  return user;
}

// A coordinator cannot lock themselves out: the last enabled coordinator keeps the role.
async function assertKeepsACoordinator(db: Db, userId: string): Promise<void> {
  const others = await db.user.count({ where: { role: "coordinator", disabled: false, id: { not: userId } } });
  if (others === 0) throw new AppError("conflict", "This is the last enabled coordinator; make someone else coordinator first.");
}

export async function changeRole(db: Db, actor: Actor, userId: string, role: Role): Promise<UserView> {
  const user = await findUser(db, userId);
  if (user.role === role) return view(user);
  if (user.role === "coordinator") await assertKeepsACoordinator(db, userId);
  const updated = await db.user.update({ where: { id: userId }, data: { role } });
  await appendAuditEvent(db, actor, { eventType: "user.role_changed", status: "ok", notes: `${user.email}: ${user.role} -> ${role}`, details: { userId, from: user.role, to: role } });
  return view(updated);
}

export async function setDisabled(db: Db, actor: Actor, userId: string, disabled: boolean): Promise<UserView> {
  const user = await findUser(db, userId);
  if (user.disabled === disabled) return view(user);
  if (disabled && user.role === "coordinator") await assertKeepsACoordinator(db, userId);
  const updated = await db.user.update({ where: { id: userId }, data: { disabled } });
  await appendAuditEvent(db, actor, { eventType: disabled ? "user.disabled" : "user.enabled", status: "ok", notes: user.email, details: { userId } });
  return view(updated);
}

export async function resetPassword(db: Db, actor: Actor, userId: string): Promise<{ user: UserView; password: string }> {
  const user = await findUser(db, userId);
  const password = generatePassword();
  await db.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(password) } });
  await appendAuditEvent(db, actor, { eventType: "user.password_reset", status: "ok", notes: user.email, details: { userId } });
  return { user: view(user), password };
}
