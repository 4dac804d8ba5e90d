import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { extraCases, matrixRoles, roleMatrix, type ActionRow, type MatrixContext, type MatrixKey, type MatrixRole, type RouteRow } from "./role-matrix";
import { baseURL, cliToken, demoUsers, sessionRequest, signedInRoles, storageStatePath, waitForBackup, waitForRestore, type Role } from "./sign-in";

// Runs every cell of e2e/role-matrix.ts against the real product over direct HTTP,
// bypassing the UI: server actions posted the way the browser posts them, route
// handlers with bearer tokens and with session cookies. Then: every refusal of a
// signed-in caller left an access.denied audit event, and cross-origin POSTs are refused.

test.describe.configure({ mode: "serial" });

// ---- server actions over HTTP -------------------------------------------------------

// Concrete URLs for the dynamic pages that post actions.
const pageParams: Record<string, () => string> = {
  "/backups/[id]": () => `/backups/${ctx.backupId}`,
};

type ManifestEntry = { workers: Record<string, unknown>; filename: string; exportedName: string };

// `next build` writes .next/server/server-reference-manifest.json: action id ->
// { filename, exportedName, workers: { "app/(app)/tokens/page": … } }. Ids change with
// every build, so they are read here, from the build the web server runs. An action used
// only on a dynamic page (restoreBackupAction: /backups/[id]) is posted to a concrete URL
// of it, filled in from `pageParams` when the call is made.
function actionIds(): Map<string, { id: string; filename: string; page: string }> {
  const file = path.join(process.cwd(), ".next", "server", "server-reference-manifest.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as { node: Record<string, ManifestEntry> };
  const out = new Map<string, { id: string; filename: string; page: string }>();
  for (const [id, e] of Object.entries(manifest.node)) {
    if (out.has(e.exportedName)) throw new Error(`two server actions are exported as ${e.exportedName}`);
    // The page that imports the action: the URL the browser posts it to.
    const pages = Object.keys(e.workers).filter((w) => w.endsWith("/page"));
    const worker = pages.find((w) => !w.includes("[")) ?? pages[0];
    if (!worker) throw new Error(`no page uses ${e.exportedName}: ${JSON.stringify(e.workers)}`);
    const page = `/${worker.replace(/^app\//, "").replace(/\/?page$/, "").split("/").filter((s) => s && !/^\(.*\)$/.test(s)).join("/")}`;
    if (page.includes("[") && !(page in pageParams)) throw new Error(`${e.exportedName} is used only on a dynamic page (${worker}); give the spec a concrete URL in pageParams`);
    out.set(e.exportedName, { id, filename: e.filename, page });
  }
  return out;
}

type Result = { ok: true; data: unknown } | { ok: false; code: string; error: string };

// The RSC payload of an action response: `0:{"a":"$@1",…}` then `1:{"ok":…}` (row ids
// are hex). Row 0's "a" is the action's return value, inline or a reference to a row.
function parseActionResponse(text: string): Result {
  const rows = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^([0-9a-f]+):(.*)$/.exec(line);
    if (m) rows.set(m[1]!, m[2]!);
  }
  const head = JSON.parse(rows.get("0") ?? "null") as { a?: unknown } | null;
  let a = head?.a;
  if (typeof a === "string" && a.startsWith("$@")) a = JSON.parse(rows.get(a.slice(2)) ?? "null");
  if (!a || typeof a !== "object" || typeof (a as { ok?: unknown }).ok !== "boolean") throw new Error(`no ActionResult in the action response:\n${text}`);
  return a as Result;
}

const ids = actionIds();
const clients = new Map<Role | "anonymous", APIRequestContext>();
const tokens = {} as Record<Role, string>;
let ctx: MatrixContext;
let auditBaseline = 0;

async function client(role: MatrixRole): Promise<APIRequestContext> {
  let c = clients.get(role);
  if (!c) clients.set(role, (c = await sessionRequest(role)));
  return c;
}

async function callAction(name: string, role: MatrixRole, args: unknown, extraHeaders: Record<string, string> = {}) {
  const a = ids.get(name);
  if (!a) throw new Error(`no id for server action ${name} in the build's manifest`);
  return (await client(role)).post(pageParams[a.page]?.() ?? a.page, {
    headers: { "Next-Action": a.id, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component", Origin: baseURL(), ...extraHeaders },
    data: JSON.stringify([args]),
    maxRedirects: 0,
  });
}

async function runAction(name: string, role: MatrixRole, args: unknown): Promise<{ outcome: string; result: Result }> {
  const r = await callAction(name, role, args);
  const text = await r.text();
  expect(r.status(), `${name} as ${role}: HTTP ${r.status()}\n${text}`).toBe(200);
  expect(r.headers()["content-type"]).toContain("text/x-component");
  const result = parseActionResponse(text);
  return { outcome: result.ok ? "ok" : result.code, result };
}

// ---- route handlers over HTTP -------------------------------------------------------

const anon = () => client("anonymous");
const bearer = (role: MatrixRole): Record<string, string> => (role === "anonymous" ? {} : { Authorization: `Bearer ${tokens[role]}` });

async function postRoute(key: string, role: MatrixRole, body: unknown, how: "bearer" | "session") {
  const [method, url] = key.split(" ") as [string, string];
  if (url.includes(":")) throw new Error(`${key}: give the spec a concrete URL`);
  // Session calls carry the page's Origin like a browser's fetch would.
  const c = how === "bearer" ? await anon() : await client(role);
  const headers = how === "bearer" ? bearer(role) : { Origin: baseURL() };
  return c.fetch(url, { method, headers, data: body, maxRedirects: 0 });
}

// ---- what a successful cell must also have done -------------------------------------

async function tokenStatus(token: string): Promise<number> {
  return (await (await anon()).get("/api/v1/backups?component=audit-logs", { headers: { Authorization: `Bearer ${token}` } })).status();
}

let targetToken = "";

const afterCell: Partial<Record<MatrixKey, (role: MatrixRole, outcome: string, data: unknown) => Promise<void>>> = {
  backUpNow: async (role, outcome, data) => {
    if (outcome !== "ok") return;
    const { backupId } = data as { backupId: string };
    expect(await waitForBackup(await anon(), tokens[role as Role], backupId)).toBe("verified");
  },
  createTokenAction: async (_role, outcome, data) => {
    if (outcome !== "ok") return;
    const { token, view } = data as { token: string; view: { userEmail: string; userRole: string } };
    expect(view).toMatchObject({ userEmail: "engineer@dr.local", userRole: "engineer" });
    expect(await tokenStatus(token)).toBe(200);
  },
  // Refused revocations leave the token working; the coordinator's stops it at once.
  revokeTokenAction: async (_role, outcome) => {
    expect(await tokenStatus(targetToken)).toBe(outcome === "ok" ? 401 : 200);
  },
  createUserAction: async (role, outcome, data) => {
    if (outcome !== "ok") return;
    const d = data as { user: { email: string; role: string }; password: string };
    expect(d.user).toMatchObject({ email: `matrix-new-${role}-${ctx.stamp}@dr.local`, role: "viewer" });
    expect(d.password.length).toBeGreaterThanOrEqual(12);
  },
  changeRoleAction: async (_role, outcome, data) => {
    if (outcome === "ok") expect(data).toMatchObject({ id: ctx.targetUserId, role: "engineer" });
  },
  setUserDisabledAction: async (_role, outcome, data) => {
    if (outcome === "ok") expect(data).toMatchObject({ id: ctx.targetUserId, disabled: true });
  },
  resetPasswordAction: async (_role, outcome, data) => {
    if (outcome === "ok") expect((data as { password: string }).password.length).toBeGreaterThanOrEqual(12);
  },
  // Allowed restores and drills run to the end (and pass) before the next cell.
  restoreBackupAction: async (role, outcome, data) => {
    if (outcome !== "ok") return;
    const r = await waitForRestore(await anon(), tokens[role as Role], (data as { restoreId: string }).restoreId);
    expect(r, JSON.stringify(r)).toMatchObject({ status: "validated" });
  },
  runDrillAction: async (role, outcome, data) => {
    if (outcome !== "ok") return;
    const r = await waitForRestore(await anon(), tokens[role as Role], (data as { restoreId: string }).restoreId);
    expect(r, JSON.stringify(r)).toMatchObject({ status: "validated" });
  },
};

// What an accepted (202) machine-API request must have started, and its end.
const afterAccepted: Record<string, (role: Role, body: unknown, response: unknown) => Promise<void>> = {
  "POST /api/v1/backups": async (role, body, response) => {
    const b = response as { id: string };
    expect(b).toMatchObject({ component: (body as { component: string }).component, trigger: "api", requestedBy: demoUsers()[role].email });
    expect(await waitForBackup(await anon(), tokens[role], b.id)).toBe("verified");
  },
  "POST /api/v1/restores": async (role, body, response) => {
    const r = response as { id: string };
    expect(r).toMatchObject({ backupId: (body as { backup: string }).backup, component: "postgresql-database", target: "scratch", purpose: "restore", trigger: "api", requestedBy: demoUsers()[role].email });
    expect(await waitForRestore(await anon(), tokens[role], r.id)).toMatchObject({ status: "validated" });
  },
};

// ---- the audit trail as CSV ---------------------------------------------------------

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(field), (field = "");
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field), rows.push(row), (row = []), (field = "");
    } else field += ch;
  }
  if (field !== "" || row.length) row.push(field), rows.push(row);
  return rows;
}

async function auditEvents(type?: string): Promise<Record<string, string>[]> {
  const r = await (await client("coordinator")).get(`/api/audit/export${type ? `?type=${encodeURIComponent(type)}` : ""}`);
  expect(r.status()).toBe(200);
  const [header, ...rows] = parseCsv(await r.text());
  return rows.map((cells) => Object.fromEntries(header!.map((h, i) => [h, cells[i] ?? ""])));
}

// ---- the matrix ---------------------------------------------------------------------

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const users = demoUsers();
  const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  // Tokens from the product's CLI, one per demo user, and one to be revoked.
  const made = await Promise.all([...signedInRoles.map((r) => cliToken(users[r].email, `matrix ${r} ${stamp}`)), cliToken("engineer@dr.local", `matrix revoke target ${stamp}`)]);
  signedInRoles.forEach((r, i) => (tokens[r] = made[i]!.token));
  targetToken = made[3]!.token;
  // The user the user-management rows act on: made for the matrix, never a demo user.
  const created = await runAction("createUserAction", "coordinator", { email: `matrix-target-${stamp}@dr.local`, name: "Matrix target", role: "viewer" });
  expect(created.outcome, JSON.stringify(created.result)).toBe("ok");
  const targetUserId = (created.result as { data: { user: { id: string } } }).data.user.id;
  // The backup the restore rows restore: the newest verified one of PostgreSQL Database,
  // made here through the machine API when earlier specs left none.
  const api = await anon();
  const auth = { Authorization: `Bearer ${tokens.engineer}` };
  const listed = await api.get("/api/v1/backups?component=postgresql-database&status=verified", { headers: auth });
  expect(listed.status()).toBe(200);
  let backupId = ((await listed.json()) as { id: string }[])[0]?.id;
  if (!backupId) {
    const requested = await api.post("/api/v1/backups", { headers: auth, data: { component: "postgresql-database" } });
    expect(requested.status(), await requested.text()).toBe(202);
    backupId = ((await requested.json()) as { id: string }).id;
    expect(await waitForBackup(api, tokens.engineer, backupId)).toBe("verified");
  }
  ctx = { stamp, targetUserId, targetTokenId: made[3]!.id, backupId };
  auditBaseline = Math.max(0, ...(await auditEvents()).map((e) => Number(e.id)));
});

test.afterAll(async () => {
  for (const c of clients.values()) await c.dispose();
  clients.clear();
});

test("every server action of the build has a matrix row", () => {
  const actionKeys = Object.entries(roleMatrix).filter(([, row]) => row.kind === "action").map(([k]) => k);
  expect([...ids.keys()].sort()).toEqual(actionKeys.sort());
  for (const [k, row] of Object.entries(roleMatrix)) if (row.kind === "action") expect(ids.get(k)?.filename, k).toBe(row.file);
});

for (const [key, row] of Object.entries(roleMatrix) as [MatrixKey, ActionRow | RouteRow][]) {
  if (row.kind === "action") {
    test(`action ${key}: ${matrixRoles.map((r) => `${r} ${row.expect[r]}`).join(", ")}`, async () => {
      for (const role of matrixRoles) {
        const { outcome, result } = await runAction(key, role, row.args(ctx, role));
        expect(outcome, `${key} as ${role}: ${JSON.stringify(result)}`).toBe(row.expect[role]);
        await afterCell[key]?.(role, outcome, result.ok ? result.data : undefined);
      }
    });
  } else {
    test(`route ${key}: bearer ${matrixRoles.map((r) => `${r} ${row.bearer[r]}`).join(", ")}; session ${matrixRoles.map((r) => `${r} ${row.session[r]}`).join(", ")}`, async () => {
      for (const how of ["session", "bearer"] as const) {
        for (const role of matrixRoles) {
          const body = row.body(ctx, role);
          const r = await postRoute(key, role, body, how);
          const text = await r.text();
          expect(r.status(), `${key} as ${role} with ${how}: ${text}`).toBe(row[how][role]);
          if (r.status() === 401) expect(r.headers()["www-authenticate"]).toContain("Bearer");
          if (r.status() === 202) {
            const after = afterAccepted[key];
            if (!after) throw new Error(`${key}: no afterAccepted check for a 202`);
            await after(role as Role, body, JSON.parse(text));
          }
        }
      }
    });
  }
}

test("further exact outcomes: guard before validation, domain codes", async () => {
  for (const c of extraCases) {
    const row = roleMatrix[c.key];
    if (row.kind === "action") {
      const { outcome, result } = await runAction(c.key, c.role, c.args(ctx));
      expect(outcome, `${c.key} as ${c.role} (${c.why}): ${JSON.stringify(result)}`).toBe(c.expect);
    } else {
      const r = await postRoute(c.key, c.role, c.args(ctx), "bearer");
      expect(r.status(), `${c.key} as ${c.role} (${c.why}): ${await r.text()}`).toBe(c.expect);
    }
  }
});

test("every refusal of a signed-in caller left an access.denied audit event", async ({ browser }) => {
  const users = demoUsers();
  const expected: string[] = [];
  const denied = (role: MatrixRole, permission: string) => role !== "anonymous" && expected.push(`${users[role].email} ${role}: ${role} may not ${permission}`);
  for (const row of Object.values(roleMatrix) as (ActionRow | RouteRow)[]) {
    for (const role of matrixRoles) {
      if (row.kind === "action" ? row.expect[role] === "forbidden" : row.bearer[role] === 403) denied(role, row.permission);
      if (row.kind === "route" && row.session[role] === 403) denied(role, row.permission);
    }
  }
  for (const c of extraCases) if (c.expect === "forbidden" || c.expect === 403) denied(c.role, c.permission ?? roleMatrix[c.key].permission);
  expect(expected.length).toBeGreaterThan(0);
  const events = (await auditEvents("access.denied")).filter((e) => Number(e.id) > auditBaseline);
  expect(events.every((e) => e.event_type === "access.denied" && e.status === "denied")).toBe(true);
  expect(events.map((e) => `${e.operator} ${e.actor_role}: ${e.notes}`).sort()).toEqual(expected.sort());
  // A refused backup names its component.
  expect(events.some((e) => e.operator === users.viewer.email && e.component === "postgresql-database")).toBe(true);

  // And the coordinator sees them on the Audit page.
  const context = await browser.newContext({ storageState: storageStatePath("coordinator") });
  try {
    const page = await context.newPage();
    await page.goto("/audit?type=access.denied");
    await expect(page.getByRole("heading", { name: "Audit trail", level: 1 })).toBeVisible();
    const row = page.getByTestId("audit-events").locator('tr[data-event-type="access.denied"]').filter({ hasText: "viewer may not token.manage" }).first();
    await expect(row).toBeVisible();
    await expect(row).toContainText(users.viewer.email);
  } finally {
    await context.close();
  }
});

test("cross-origin POSTs are refused before any guard: server action and machine API", async () => {
  const list = async () => ((await (await anon()).get("/api/v1/backups", { headers: bearer("engineer") }).then((r) => r.json())) as unknown[]).length;
  const before = await list();

  const action = await callAction("backUpNow", "engineer", { componentId: "audit-logs" }, { Origin: "http://evil.example" });
  expect(action.status()).toBe(403);
  expect(await action.json()).toEqual({ error: "Cross-origin request refused." });

  const api = await (await anon()).post("/api/v1/backups", { headers: { ...bearer("engineer"), Origin: "http://evil.example" }, data: { component: "audit-logs" } });
  expect(api.status()).toBe(403);
  expect(await api.json()).toEqual({ error: "Cross-origin request refused." });

  expect(await list()).toBe(before);
});
