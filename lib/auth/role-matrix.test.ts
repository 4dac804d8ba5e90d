import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { excludedRoutes, matrixRoles, roleMatrix } from "../../e2e/role-matrix";

// Every server action and every mutating route handler must have a row in the role
// matrix that e2e/role-matrix.spec.ts runs against the real product: adding one without
// a row (or leaving a row for one that is gone) fails here.

const root = path.resolve(import.meta.dirname, "../..");
const mutating = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

const rel = (file: string) => path.relative(root, file).split(path.sep).join("/");
const parse = (file: string) => ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);

function hasUseServer(sf: ts.SourceFile): boolean {
  for (const st of sf.statements) {
    if (!ts.isExpressionStatement(st) || !ts.isStringLiteral(st.expression)) return false;
    if (st.expression.text === "use server") return true;
  }
  return false;
}

const isExported = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
const isAsync = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);

// Exported names of a module: `export function x`, `export const x = …`, `export { a as x }`.
function exportsOf(sf: ts.SourceFile): { name: string; asyncFunction: boolean }[] {
  const out: { name: string; asyncFunction: boolean }[] = [];
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && isExported(st) && st.name) out.push({ name: st.name.text, asyncFunction: isAsync(st) });
    else if (ts.isVariableStatement(st) && isExported(st)) {
      for (const d of st.declarationList.declarations) {
        if (!ts.isIdentifier(d.name)) continue;
        const init = d.initializer;
        out.push({ name: d.name.text, asyncFunction: !!init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) && isAsync(init) });
      }
    } else if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause) && !st.isTypeOnly) {
      for (const e of st.exportClause.elements) if (!e.isTypeOnly) out.push({ name: e.name.text, asyncFunction: false });
    }
  }
  return out;
}

// app/api/v1/backups/[id]/route.ts -> /api/v1/backups/:id ; (group) dropped; [...x] -> :x* ; [[...x]] -> :x*?
function routePath(file: string): string {
  const segments = rel(path.dirname(file)).split("/").slice(1); // drop "app"
  const url = segments
    .filter((s) => !/^\(.*\)$/.test(s) && !s.startsWith("@"))
    .map((s) => {
      let m: RegExpExecArray | null;
      if ((m = /^\[\[\.\.\.(.+)\]\]$/.exec(s))) return `:${m[1]}*?`;
      if ((m = /^\[\.\.\.(.+)\]$/.exec(s))) return `:${m[1]}*`;
      if ((m = /^\[(.+)\]$/.exec(s))) return `:${m[1]}`;
      return s;
    });
  return `/${url.join("/")}`;
}

const sourceFiles = ["app", "components", "lib"].flatMap((d) => walk(path.join(root, d))).filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.ts$/.test(f) && !f.includes(`${path.sep}generated${path.sep}`));
const actionFiles = readdirSync(path.join(root, "app/actions"))
  .filter((f) => f.endsWith(".ts"))
  .map((f) => path.join(root, "app/actions", f))
  .filter((f) => hasUseServer(parse(f)));
const routeFiles = walk(path.join(root, "app")).filter((f) => /[/\\]route\.(ts|tsx|js)$/.test(f));

const actions = actionFiles.flatMap((f) => exportsOf(parse(f)).map((e) => ({ ...e, file: rel(f) })));
const routes = routeFiles.flatMap((f) =>
  exportsOf(parse(f))
    .filter((e) => mutating.has(e.name))
    .map((e) => ({ key: `${e.name} ${routePath(f)}`, file: rel(f) })),
);

describe("role matrix (e2e/role-matrix.ts) covers every action and mutating route", () => {
  it("finds the code it checks", () => {
    expect(actionFiles.length).toBeGreaterThan(0);
    expect(actions.length).toBeGreaterThan(0);
    expect(routes.length).toBeGreaterThan(0);
    expect(routePath(path.join(root, "app/(app)/backups/[id]/route.ts"))).toBe("/backups/:id");
    expect(routePath(path.join(root, "app/api/auth/[...nextauth]/route.ts"))).toBe("/api/auth/:nextauth*");
  });

  it('keeps file-level "use server" modules in app/actions only', () => {
    const elsewhere = sourceFiles.filter((f) => hasUseServer(parse(f)) && !actionFiles.includes(f)).map(rel);
    expect(elsewhere).toEqual([]);
  });

  it("exports only async functions from server action modules, each name once", () => {
    expect(actions.filter((a) => !a.asyncFunction).map((a) => `${a.file}: ${a.name}`)).toEqual([]);
    const names = actions.map((a) => a.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it("has one row per server action and per mutating route handler, and no other rows", () => {
    const found = [...actions.map((a) => a.name), ...routes.map((r) => r.key).filter((k) => !(k in excludedRoutes))].sort();
    expect(Object.keys(roleMatrix).sort()).toEqual(found);
    // Exclusions name routes that exist.
    for (const k of Object.keys(excludedRoutes)) expect(routes.map((r) => r.key)).toContain(k);
  });

  it("names the file each row is in", () => {
    for (const a of actions) expect(roleMatrix[a.name as keyof typeof roleMatrix]?.file, a.name).toBe(a.file);
    for (const r of routes) if (!(r.key in excludedRoutes)) expect(roleMatrix[r.key as keyof typeof roleMatrix]?.file, r.key).toBe(r.file);
  });

  it("gives every row an outcome for all four roles", () => {
    for (const [key, row] of Object.entries(roleMatrix)) {
      const tables = row.kind === "action" ? [row.expect] : [row.bearer, row.session];
      for (const t of tables) expect(Object.keys(t).sort(), key).toEqual([...matrixRoles].sort());
    }
  });
});
