import { randomUUID } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { appendAuditEvent } from "../audit/append-audit-event";
import { roles, systemActor } from "../auth/actor";
import { generatePassword, hashPassword } from "../auth/passwords";
import type { Db } from "../db";

export type DemoUser = { email: string; password: string; role: string };

// One user per role with a generated password, created once for the embedded demo and
// written to secrets/demo-users.json (0600). Nothing is created when any user exists.
export async function ensureDemoUsers(db: Db, secretsDir: string): Promise<DemoUser[] | null> {
  const file = path.join(secretsDir, "demo-users.json");
  if ((await db.user.count()) > 0 || existsSync(file)) return null;
  const users: DemoUser[] = roles.map((role) => ({ email: `${role}@dr.local`, password: generatePassword(), role }));
  for (const u of users) {
    const row = await db.user.create({ data: { id: randomUUID(), email: u.email, name: `Demo ${u.role}`, role: u.role as (typeof roles)[number], passwordHash: await hashPassword(u.password) } });
    await appendAuditEvent(db, systemActor("system", "start-up"), { eventType: "user.created", status: "ok", notes: `demo user ${u.email} as ${u.role}`, details: { userId: row.id, email: u.email, role: u.role } });
  }
  writeFileSync(file, `${JSON.stringify(users, null, 2)}\n`, { mode: 0o600 });
  return users;
}
