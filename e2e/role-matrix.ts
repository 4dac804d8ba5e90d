// Who may call what: every server action (by exported name) and every mutating route
// handler ("METHOD /path", Next's folder-to-URL mapping, `[id]` -> `:id`, route groups
// dropped), with the exact outcome for each caller. e2e/role-matrix.spec.ts runs every
// cell over direct HTTP against the real product; lib/auth/role-matrix.test.ts fails when
// an action or a mutating route exists without a row here (or a row without one).
//
// This file is plain data plus argument builders: no Playwright import, so the unit
// test can import it.

export const matrixRoles = ["anonymous", "viewer", "engineer", "coordinator"] as const;
export type MatrixRole = (typeof matrixRoles)[number];

// An ActionResult's `ok`, or its error `code` (lib/errors.ts AppErrorCode).
export type ActionOutcome = "ok" | "unauthorized" | "forbidden" | "validation" | "not_found" | "conflict";

// What the spec knows when it builds arguments: a user and a token made for the matrix
// only (the three demo users are never disabled, demoted or given new passwords).
export type MatrixContext = { stamp: string; targetUserId: string; targetTokenId: string };

export type ActionRow = {
  kind: "action";
  file: string;
  permission: string;
  // The cells are run in the order anonymous, viewer, engineer, coordinator: the denied
  // calls get arguments that would succeed, so a missing guard shows as a wrong outcome.
  args: (ctx: MatrixContext, role: MatrixRole) => unknown;
  expect: Record<MatrixRole, ActionOutcome>;
};

export type RouteRow = {
  kind: "route";
  file: string;
  permission: string;
  body: (ctx: MatrixContext, role: MatrixRole) => unknown;
  // With `Authorization: Bearer <token of that role's user>` (anonymous: no header).
  bearer: Record<MatrixRole, number>;
  // With that role's session cookie and no Authorization header (anonymous: no cookie).
  session: Record<MatrixRole, number>;
};

export type MatrixRow = ActionRow | RouteRow;

// Backup-able components of the embedded demo plan (the others are stateless and give
// "validation"). Each successful cell uses its own component and the spec waits for that
// backup to finish, so no cell meets "already queued/running".
const backupFor: Record<MatrixRole, string> = {
  anonymous: "postgresql-database",
  viewer: "postgresql-database",
  engineer: "investigation-data",
  coordinator: "audit-logs",
};

export const roleMatrix = {
  backUpNow: {
    kind: "action",
    file: "app/actions/backup-actions.ts",
    permission: "backup.create",
    args: (_ctx, role) => ({ componentId: backupFor[role] }),
    expect: { anonymous: "unauthorized", viewer: "forbidden", engineer: "ok", coordinator: "ok" },
  },
  createTokenAction: {
    kind: "action",
    file: "app/actions/token-actions.ts",
    permission: "token.manage",
    args: (ctx, role) => ({ userEmail: "engineer@dr.local", name: `matrix ${role} ${ctx.stamp}` }),
    expect: { anonymous: "unauthorized", viewer: "forbidden", engineer: "forbidden", coordinator: "ok" },
  },
  revokeTokenAction: {
    kind: "action",
    file: "app/actions/token-actions.ts",
    permission: "token.manage",
    args: (ctx) => ({ tokenId: ctx.targetTokenId }),
    expect: { anonymous: "unauthorized", viewer: "forbidden", engineer: "forbidden", coordinator: "ok" },
  },
  createUserAction: {
    kind: "action",
    file: "app/actions/user-actions.ts",
    permission: "user.manage",
    args: (ctx, role) => ({ email: `matrix-new-${role}-${ctx.stamp}@dr.local`, name: `Matrix ${role}`, role: "viewer" }),
    expect: { anonymous: "unauthorized", viewer: "forbidden", engineer: "forbidden", coordinator: "ok" },
  },
  changeRoleAction: {
    kind: "action",
    file: "app/actions/user-actions.ts",
    permission: "user.manage",
    args: (ctx) => ({ userId: ctx.targetUserId, role: "engineer" }),
    expect: { anonymous: "unauthorized", viewer: "forbidden", engineer: "forbidden", coordinator: "ok" },
  },
  setUserDisabledAction: {
    kind: "action",
    file: "app/actions/user-actions.ts",
    permission: "user.manage",
    args: (ctx) => ({ userId: ctx.targetUserId, disabled: true }),
    expect: { anonymous: "unauthorized", viewer: "forbidden", engineer: "forbidden", coordinator: "ok" },
  },
  resetPasswordAction: {
    kind: "action",
    file: "app/actions/user-actions.ts",
    permission: "user.manage",
    args: (ctx) => ({ userId: ctx.targetUserId }),
    expect: { anonymous: "unauthorized", viewer: "forbidden", engineer: "forbidden", coordinator: "ok" },
  },
  "POST /api/v1/backups": {
    kind: "route",
    file: "app/api/v1/backups/route.ts",
    permission: "backup.create",
    body: (_ctx, role) => ({ component: backupFor[role] }),
    bearer: { anonymous: 401, viewer: 403, engineer: 202, coordinator: 202 },
    // The machine API takes bearer tokens only: a session cookie alone is no credential.
    session: { anonymous: 401, viewer: 401, engineer: 401, coordinator: 401 },
  },
} satisfies Record<string, MatrixRow>;

export type MatrixKey = keyof typeof roleMatrix;

// A few more exact outcomes beyond the role cells: the guard runs before validation, and
// the domain codes of an allowed caller. Run after the matrix cells, in this order.
export type ExtraCase = { key: MatrixKey; role: MatrixRole; why: string; args: (ctx: MatrixContext) => unknown; expect: ActionOutcome | number };
export const extraCases: ExtraCase[] = [
  { key: "backUpNow", role: "viewer", why: "the guard answers before the arguments are checked", args: () => ({ componentId: "" }), expect: "forbidden" },
  { key: "backUpNow", role: "engineer", why: "a stateless component has nothing to back up", args: () => ({ componentId: "frontend-service" }), expect: "validation" },
  { key: "backUpNow", role: "engineer", why: "unknown component", args: () => ({ componentId: "no-such-component" }), expect: "not_found" },
  { key: "revokeTokenAction", role: "coordinator", why: "the matrix token is already revoked", args: (ctx) => ({ tokenId: ctx.targetTokenId }), expect: "conflict" },
  { key: "createUserAction", role: "coordinator", why: "the email is taken", args: () => ({ email: "engineer@dr.local", name: "Dup", role: "viewer" }), expect: "conflict" },
  { key: "changeRoleAction", role: "coordinator", why: "unknown user id", args: () => ({ userId: "00000000-0000-4000-8000-000000000000", role: "viewer" }), expect: "not_found" },
  { key: "changeRoleAction", role: "coordinator", why: "not a role", args: (ctx) => ({ userId: ctx.targetUserId, role: "admin" }), expect: "validation" },
  { key: "POST /api/v1/backups", role: "viewer", why: "the guard answers before the body is checked", args: () => ({ nonsense: true }), expect: 403 },
  { key: "POST /api/v1/backups", role: "engineer", why: "unknown component", args: () => ({ component: "no-such-component" }), expect: 404 },
  { key: "POST /api/v1/backups", role: "engineer", why: "a body that is not {component}", args: () => ({ component: "audit-logs", extra: 1 }), expect: 422 },
];

// Mutating route handlers deliberately not in the matrix, with the reason.
export const excludedRoutes: Record<string, string> = {
  // next-auth's own handler (sign-in, sign-out, CSRF token, callbacks): it is how an
  // anonymous caller becomes a role, so "anonymous" must reach it; it is protected by
  // next-auth's CSRF token and the sign-in throttle instead (tested in e2e/auth.spec.ts).
  "POST /api/auth/:nextauth*": "next-auth's own sign-in/sign-out endpoint; open to anonymous by design",
};
