import type { AuditSource, Role } from "../generated/prisma/enums";

// Who is acting, as the audit trail records it. Users act with their role; the worker,
// scheduler and CLI act as "system" (they run with the server's own credentials);
// "anonymous" is someone not signed in (a failed sign-in, say).
export type Actor = {
  operator: string;
  role: Role | "system" | "anonymous";
  source: AuditSource;
  userId?: string;
  address?: string;
};

export const roles: Role[] = ["viewer", "engineer", "coordinator"];

export function systemActor(source: AuditSource, operator: string): Actor {
  return { operator, role: "system", source };
}
