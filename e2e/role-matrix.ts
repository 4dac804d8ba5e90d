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
// only (the three demo users are never disabled, demoted or given new passwords), and a
// verified backup of PostgreSQL Database (database osint_audit) to restore.
export type MatrixContext = { stamp: string; targetUserId: string; targetTokenId: string; backupId: string };

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
  // Scratch restores (a new database osint_audit_restore_<time> beside the demo data);
  // the spec waits for each allowed one to be validated. Over the original: extraCases.
  restoreBackupAction: {
    kind: "action",
    file: "app/actions/restore-actions.ts",
    permission: "restore.scratch",
    args: (ctx) => ({ backupId: ctx.backupId, target: "scratch" }),
    expect: { anonymous: "unauthorized", viewer: "forbidden", engineer: "ok", coordinator: "ok" },
  },
  runDrillAction: {
    kind: "action",
    file: "app/actions/restore-actions.ts",
    permission: "drill.run",
    args: () => ({ componentId: "postgresql-database" }),
    expect: { anonymous: "unauthorized", viewer: "forbidden", engineer: "ok", coordinator: "ok" },
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
  "POST /api/v1/restores": {
    kind: "route",
    file: "app/api/v1/restores/route.ts",
    permission: "restore.scratch",
    body: (ctx) => ({ backup: ctx.backupId, target: "scratch" }),
    bearer: { anonymous: 401, viewer: 403, engineer: 202, coordinator: 202 },
    session: { anonymous: 401, viewer: 401, engineer: 401, coordinator: 401 },
  },
} satisfies Record<string, MatrixRow>;

export type MatrixKey = keyof typeof roleMatrix;

// A few more exact outcomes beyond the role cells: the guard runs before validation, and
// the domain codes of an allowed caller. Run after the matrix cells, in this order.
// `permission`: the one a refusal names, when it is not the row's (an original target).
export type ExtraCase = { key: MatrixKey; role: MatrixRole; why: string; args: (ctx: MatrixContext) => unknown; expect: ActionOutcome | number; permission?: string };

// A restore over the ORIGINAL database replaces osint_audit, the demo data every other
// spec counts rows in, so no case here may succeed at it. The original target is covered
// exactly and safely instead: an engineer is refused (restore.original) even with the
// right confirmation, and a coordinator, who passes the guard, gets "validation" for a
// confirmation that is not the database name: requestRestore checks it before it writes
// anything (no restore row, no job), so osint_audit is never touched.
const wrongConfirm = "osint_audit_not_this_one";
export const extraCases: ExtraCase[] = [
  { key: "backUpNow", role: "viewer", why: "the guard answers before the arguments are checked", args: () => ({ componentId: "" }), expect: "forbidden" },
  { key: "backUpNow", role: "engineer", why: "a stateless component has nothing to back up", args: () => ({ componentId: "frontend-service" }), expect: "validation" },
  { key: "backUpNow", role: "engineer", why: "unknown component", args: () => ({ componentId: "no-such-component" }), expect: "not_found" },
  { key: "revokeTokenAction", role: "coordinator", why: "the matrix token is already revoked", args: (ctx) => ({ tokenId: ctx.targetTokenId }), expect: "conflict" },
  { key: "createUserAction", role: "coordinator", why: "the email is taken", args: () => ({ email: "engineer@dr.local", name: "Dup", role: "viewer" }), expect: "conflict" },
  { key: "changeRoleAction", role: "coordinator", why: "unknown user id", args: () => ({ userId: "00000000-0000-4000-8000-000000000000", role: "viewer" }), expect: "not_found" },
  { key: "changeRoleAction", role: "coordinator", why: "not a role", args: (ctx) => ({ userId: ctx.targetUserId, role: "admin" }), expect: "validation" },
  { key: "restoreBackupAction", role: "viewer", why: "over the original: the guard names restore.original", args: (ctx) => ({ backupId: ctx.backupId, target: "original", confirm: "osint_audit" }), expect: "forbidden", permission: "restore.original" },
  { key: "restoreBackupAction", role: "engineer", why: "over the original needs a coordinator, even with the right confirmation", args: (ctx) => ({ backupId: ctx.backupId, target: "original", confirm: "osint_audit" }), expect: "forbidden", permission: "restore.original" },
  { key: "restoreBackupAction", role: "coordinator", why: "over the original with the wrong database name typed: refused before anything is written", args: (ctx) => ({ backupId: ctx.backupId, target: "original", confirm: wrongConfirm, terminateConnections: true }), expect: "validation" },
  { key: "restoreBackupAction", role: "coordinator", why: "over the original with no confirmation at all", args: (ctx) => ({ backupId: ctx.backupId, target: "original" }), expect: "validation" },
  { key: "restoreBackupAction", role: "engineer", why: "unknown backup", args: () => ({ backupId: "00000000-0000-4000-8000-000000000000", target: "scratch" }), expect: "not_found" },
  { key: "restoreBackupAction", role: "engineer", why: "not a target", args: (ctx) => ({ backupId: ctx.backupId, target: "elsewhere" }), expect: "validation" },
  { key: "runDrillAction", role: "engineer", why: "unknown component", args: () => ({ componentId: "no-such-component" }), expect: "not_found" },
  { key: "runDrillAction", role: "engineer", why: "a stateless component has no backup to test", args: () => ({ componentId: "frontend-service" }), expect: "validation" },
  { key: "POST /api/v1/restores", role: "viewer", why: "the guard answers before the body is checked", args: () => ({ nonsense: true }), expect: 403 },
  { key: "POST /api/v1/restores", role: "engineer", why: "over the original needs a coordinator, even with the right confirmation", args: (ctx) => ({ backup: ctx.backupId, target: "original", confirm: "osint_audit" }), expect: 403, permission: "restore.original" },
  { key: "POST /api/v1/restores", role: "coordinator", why: "over the original with the wrong database name: refused before anything is written", args: (ctx) => ({ backup: ctx.backupId, target: "original", confirm: wrongConfirm }), expect: 422 },
  { key: "POST /api/v1/restores", role: "engineer", why: "unknown backup", args: () => ({ backup: "00000000-0000-4000-8000-000000000000", target: "scratch" }), expect: 404 },
  { key: "POST /api/v1/restores", role: "engineer", why: "a body that is not {backup, target}", args: (ctx) => ({ backup: ctx.backupId, target: "scratch", extra: 1 }), expect: 422 },
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
