import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminQuery, createTestDatabase, type TestDatabase } from "../testing/test-services";
import { migrate, migrationsDir } from "./migrate";

// The migrations are written by hand (Prisma's migrate engine needs the network), so
// this test is what keeps them honest: apply them all to an empty database and compare
// the catalog with the datamodel Prisma reads from schema.prisma.

type DmmfField = {
  name: string;
  dbName?: string;
  kind: "scalar" | "enum" | "object";
  type: string;
  isRequired: boolean;
  isList: boolean;
  hasDefaultValue: boolean;
  isUpdatedAt: boolean;
  nativeType: [string, string[]] | null;
  relationFromFields?: string[];
};
type DmmfModel = { name: string; dbName: string | null; fields: DmmfField[]; primaryKey: { fields: string[] } | null };
type Dmmf = {
  datamodel: {
    models: DmmfModel[];
    enums: { name: string; values: { name: string }[] }[];
    indexes: { model: string; type: "id" | "normal" | "unique" | "fulltext"; fields: { name: string }[] }[];
  };
};

function readDmmf(): Dmmf {
  const require = createRequire(import.meta.url);
  const wasm = require("@prisma/prisma-schema-wasm") as { get_dmmf(params: string): string };
  const schema = readFileSync(path.join(process.cwd(), "prisma", "schema.prisma"), "utf8");
  return JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: [["schema.prisma", schema]] }))) as Dmmf;
}

// Prisma's scalar (and native type) to information_schema's data_type.
function expectedType(f: DmmfField): { dataType: string; udt?: string; precision?: number } {
  if (f.kind === "enum") return { dataType: "USER-DEFINED", udt: f.type };
  const native = f.nativeType?.[0];
  switch (f.type) {
    case "String":
      return { dataType: native === "VarChar" ? "character varying" : native === "Uuid" ? "uuid" : "text" };
    case "Decimal":
      return { dataType: "numeric" };
    case "Int":
      return { dataType: "integer" };
    case "BigInt":
      return { dataType: "bigint" };
    case "Boolean":
      return { dataType: "boolean" };
    case "Float":
      return { dataType: "double precision" };
    case "Json":
      return { dataType: "jsonb" };
    case "DateTime":
      return native === "Timestamptz"
        ? { dataType: "timestamp with time zone", precision: Number(f.nativeType![1][0] ?? 6) }
        : { dataType: "timestamp without time zone", precision: 3 };
    default:
      throw new Error(`extend expectedType for ${f.type}`);
  }
}

type Column = { table_name: string; column_name: string; data_type: string; udt_name: string; is_nullable: "YES" | "NO"; column_default: string | null; datetime_precision: number | null };

describe("migrations match schema.prisma", () => {
  let database: TestDatabase;
  let columns: Column[];
  const dmmf = readDmmf();
  const tableOf = (m: DmmfModel) => m.dbName ?? m.name;
  const columnOf = (f: DmmfField) => f.dbName ?? f.name;

  beforeAll(async () => {
    database = await createTestDatabase("drcp_drift");
    await migrate(database.url, migrationsDir);
    columns = (await adminQuery(`SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, datetime_precision FROM information_schema.columns WHERE table_schema = 'public'`, database.name)).rows as Column[];
  });
  afterAll(async () => database?.drop());

  it("has exactly the models' tables (plus Prisma's migration table)", async () => {
    const tables = (await adminQuery(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`, database.name)).rows.map((r) => r.table_name);
    expect(tables).toEqual([...dmmf.datamodel.models.map(tableOf), "_prisma_migrations"].sort());
  });

  it("has exactly each model's columns, types, nullability and defaults", () => {
    for (const model of dmmf.datamodel.models) {
      const actual = columns.filter((c) => c.table_name === tableOf(model));
      const scalars = model.fields.filter((f) => f.kind !== "object");
      expect(actual.map((c) => c.column_name).sort(), `columns of ${tableOf(model)}`).toEqual(scalars.map(columnOf).sort());
      for (const f of scalars) {
        const c = actual.find((x) => x.column_name === columnOf(f))!;
        const t = expectedType(f);
        const where = `${tableOf(model)}.${c.column_name}`;
        expect(c.data_type, where).toBe(t.dataType);
        if (t.udt) expect(c.udt_name, where).toBe(t.udt);
        if (t.precision !== undefined) expect(c.datetime_precision, where).toBe(t.precision);
        expect(c.is_nullable, where).toBe(f.isRequired ? "NO" : "YES");
        expect(c.column_default !== null, `${where} default`).toBe(f.hasDefaultValue && !f.isUpdatedAt);
      }
    }
  });

  it("has the enums with the same values in the same order", async () => {
    const rows = (await adminQuery(`SELECT t.typname AS name, e.enumlabel AS value FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid ORDER BY t.typname, e.enumsortorder`, database.name)).rows;
    const actual = Object.fromEntries(dmmf.datamodel.enums.map((e) => [e.name, rows.filter((r) => r.name === e.name).map((r) => r.value)]));
    expect(actual).toEqual(Object.fromEntries(dmmf.datamodel.enums.map((e) => [e.name, e.values.map((v) => v.name)])));
    expect(new Set(rows.map((r) => r.name))).toEqual(new Set(dmmf.datamodel.enums.map((e) => e.name)));
  });

  it("has the primary keys, indexes and foreign keys the schema declares", async () => {
    const idx = (await adminQuery(
      `SELECT t.relname AS table, i.indisprimary AS primary, i.indisunique AS unique, i.indpred IS NOT NULL AS partial,
              array_agg(a.attname::text ORDER BY k.ord) AS columns
       FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
       WHERE n.nspname = 'public' GROUP BY t.relname, i.indexrelid, i.indisprimary, i.indisunique, i.indpred`,
      database.name,
    )).rows as { table: string; primary: boolean; unique: boolean; partial: boolean; columns: string[] }[];
    for (const index of dmmf.datamodel.indexes) {
      const model = dmmf.datamodel.models.find((m) => m.name === index.model)!;
      const cols = index.fields.map((f) => columnOf(model.fields.find((x) => x.name === f.name)!));
      const match = idx.find((i) => i.table === tableOf(model) && !i.partial && i.columns.join() === cols.join() && i.primary === (index.type === "id") && i.unique === (index.type !== "normal"));
      expect(match, `${index.type} index on ${tableOf(model)}(${cols.join(", ")})`).toBeDefined();
    }
    const fks = (await adminQuery(
      `SELECT tc.table_name AS table, kcu.column_name AS column FROM information_schema.table_constraints tc
       JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name WHERE tc.constraint_type = 'FOREIGN KEY'`,
      database.name,
    )).rows.map((r) => `${r.table}.${r.column}`);
    const declared = dmmf.datamodel.models.flatMap((m) =>
      m.fields.filter((f) => f.relationFromFields?.length).flatMap((f) => f.relationFromFields!.map((name) => `${tableOf(m)}.${columnOf(m.fields.find((x) => x.name === name)!)}`)),
    );
    expect(fks.sort()).toEqual(declared.sort());
  });

  it("refuses to re-apply a migration whose file changed", async () => {
    await adminQuery(`UPDATE "_prisma_migrations" SET checksum = 'x'`, database.name);
    await expect(migrate(database.url, migrationsDir)).rejects.toThrow("was changed after it was applied (checksum differs); add a new migration instead.");
  });
});
