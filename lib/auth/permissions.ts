import type { Role } from "../generated/prisma/enums";

// The one table of who may do what. Every server action and mutating route names one
// of these on its first line (lib/auth/authorize.ts); pages use `can` only to hide
// what a role may not do.
export const permissions = {
  "dashboard.read": ["viewer", "engineer", "coordinator"],
  "backup.read": ["viewer", "engineer", "coordinator"],
  "audit.read": ["viewer", "engineer", "coordinator"],
  "restore.read": ["viewer", "engineer", "coordinator"],
  "backup.create": ["engineer", "coordinator"],
  "restore.scratch": ["engineer", "coordinator"],
  "drill.run": ["engineer", "coordinator"],
  "restore.original": ["coordinator"],
  "token.manage": ["coordinator"],
  "user.manage": ["coordinator"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export function can(role: Role | "system" | "anonymous" | undefined, permission: Permission): boolean {
  if (role === "system") return true;
  return role !== undefined && role !== "anonymous" && (permissions[permission] as readonly Role[]).includes(role);
}
