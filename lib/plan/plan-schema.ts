import { CronExpressionParser } from "cron-parser";
import { z } from "zod";
import { parseDuration } from "./duration";

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "use lower-case letters, digits and dashes (like postgresql-database)");

const duration = z
  .union([z.string(), z.number()])
  .transform((v, ctx) => {
    const seconds = parseDuration(String(v));
    if (seconds === undefined) {
      ctx.addIssue({ code: "custom", message: `expected a duration like 0, 30m, 1h or 1h30m, got "${v}"` });
      return z.NEVER;
    }
    return seconds;
  });

const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: "unknown IANA time zone (like UTC or Europe/Berlin)" },
);

const qualifiedTable = z
  .string()
  .regex(/^[^.\s]+\.[^.]+$/, 'write tables as "schema.table" (like audit.events)');

export const componentKinds = [
  "postgres",
  "table-set",
  "kubernetes-workload",
  "redis",
  "http-service",
  "object-store",
] as const;

export const criticalities = ["critical", "high", "medium"] as const;

// A query that returns one row; its values are computed inside the backup's snapshot,
// stored in the manifest, and must come out the same on every restored copy.
const integrityCheckSchema = z
  .object({
    name: z.string().min(1),
    sql: z.string().min(1).refine((q) => /^\s*(select|with)\b/i.test(q) && !/;\s*\S/.test(q), { message: "an integrity check is one SELECT (or WITH) query" }),
  })
  .strict();

const componentSchema = z
  .object({
    id,
    name: z.string().min(1),
    kind: z.enum(componentKinds),
    criticality: z.enum(criticalities),
    rto: duration,
    rpo: duration,
    description: z.string().optional(),
    database: z.string().min(1).optional(),
    tables: z.array(qualifiedTable).min(1).optional(),
    integrityChecks: z.array(integrityCheckSchema).default([]),
  })
  .strict()
  .superRefine((c, ctx) => {
    if ((c.kind === "postgres" || c.kind === "table-set") && !c.database) {
      ctx.addIssue({ code: "custom", path: ["database"], message: `a ${c.kind} component needs the database name` });
    }
    if (c.kind === "table-set" && !c.tables) {
      ctx.addIssue({ code: "custom", path: ["tables"], message: "a table-set component lists its tables" });
    }
    if (!isBackupKind(c.kind) && c.integrityChecks.length > 0) {
      ctx.addIssue({ code: "custom", path: ["integrityChecks"], message: `only postgres and table-set components have integrity checks (this one is ${c.kind})` });
    }
    if (c.kind !== "table-set" && c.tables) {
      ctx.addIssue({ code: "custom", path: ["tables"], message: `only table-set components list tables (this one is ${c.kind})` });
    }
  });

const repositorySchema = z
  .object({
    id,
    region: z.string().min(1),
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "not a valid S3 bucket name"),
    prefix: z
      .string()
      .default("")
      .refine((p) => p === "" || (p.endsWith("/") && !p.startsWith("/")), 'a prefix is empty or ends with "/" (like "prod/")'),
  })
  .strict();

const cronSchema = z.string().refine(
  (s) => {
    try {
      CronExpressionParser.parse(s);
      return s.trim().split(/\s+/).length === 5;
    } catch {
      return false;
    }
  },
  { message: 'expected a 5-field cron expression (like "0 2 * * *")' },
);

const policySchema = z
  .object({
    id,
    component: id,
    schedule: cronSchema,
    timeZone: timeZone.default("UTC"),
    repository: id,
    retention: z.object({ localDays: z.number().int().min(0), remoteDays: z.number().int().min(1) }).strict(),
  })
  .strict();

const testSchema = z
  .object({
    id,
    name: z.string().min(1),
    kind: z.literal("restore"),
    component: id,
    schedule: cronSchema,
    timeZone: timeZone.default("UTC"),
  })
  .strict();

export const planSchema = z
  .object({
    platform: z.string().min(1),
    repositories: z.array(repositorySchema).min(1),
    components: z.array(componentSchema).min(1),
    backupPolicies: z.array(policySchema).default([]),
    tests: z.array(testSchema).default([]),
  })
  .strict()
  .superRefine((plan, ctx) => {
    const unique = (list: { id: string }[], key: "components" | "repositories" | "backupPolicies" | "tests") => {
      const seen = new Set<string>();
      list.forEach((item, i) => {
        if (seen.has(item.id)) ctx.addIssue({ code: "custom", path: [key, i, "id"], message: `duplicate id "${item.id}"` });
        seen.add(item.id);
      });
    };
    unique(plan.components, "components");
    unique(plan.repositories, "repositories");
    unique(plan.backupPolicies, "backupPolicies");
    unique(plan.tests, "tests");
    plan.tests.forEach((t, i) => {
      const component = plan.components.find((c) => c.id === t.component);
      if (!component) ctx.addIssue({ code: "custom", path: ["tests", i, "component"], message: `no component has id "${t.component}"` });
      else if (!isBackupKind(component.kind)) {
        ctx.addIssue({ code: "custom", path: ["tests", i, "component"], message: `"${t.component}" is a ${component.kind} component; restore tests need a postgres or table-set component` });
      }
    });
    plan.backupPolicies.forEach((p, i) => {
      const component = plan.components.find((c) => c.id === p.component);
      if (!component) {
        ctx.addIssue({ code: "custom", path: ["backupPolicies", i, "component"], message: `no component has id "${p.component}"` });
      } else if (!isBackupKind(component.kind)) {
        ctx.addIssue({
          code: "custom",
          path: ["backupPolicies", i, "component"],
          message: `"${p.component}" is a ${component.kind} component; only postgres and table-set components are backed up`,
        });
      }
      if (!plan.repositories.some((r) => r.id === p.repository)) {
        ctx.addIssue({ code: "custom", path: ["backupPolicies", i, "repository"], message: `no repository has id "${p.repository}"` });
      }
    });
  });

export type Plan = z.infer<typeof planSchema>;
export type Component = Plan["components"][number];
export type Repository = Plan["repositories"][number];
export type BackupPolicy = Plan["backupPolicies"][number];
export type PlanTest = Plan["tests"][number];
export type IntegrityCheck = Component["integrityChecks"][number];
export type ComponentKind = (typeof componentKinds)[number];
export type Criticality = (typeof criticalities)[number];

export function isBackupKind(kind: ComponentKind): boolean {
  return kind === "postgres" || kind === "table-set";
}
