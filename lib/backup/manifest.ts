import { z } from "zod";

// The plain-JSON manifest stored beside every backup object. It is the contract with
// a person restoring by hand, so its fields are named for them, not for our code.
export const manifestSchema = z.object({
  formatVersion: z.literal(1),
  backupId: z.string(),
  component: z.object({ id: z.string(), kind: z.string() }),
  database: z.string(),
  scope: z.enum(["database", "tables"]),
  tables: z.array(z.object({ schema: z.string(), table: z.string(), rows: z.number().int().nonnegative() })),
  /** The plan's integrity checks, computed inside the dumped snapshot. */
  integrity: z.array(z.object({ name: z.string(), sql: z.string(), values: z.record(z.string(), z.string().nullable()) })).default([]),
  server: z.object({ version: z.string() }),
  pgDump: z.object({ version: z.string(), format: z.literal("custom") }),
  encryption: z.object({ format: z.literal("OpenPGP"), cipher: z.literal("AES-256"), s2k: z.string() }),
  object: z.object({ bucket: z.string(), key: z.string(), sizeBytes: z.number().int().positive(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  dumpBytes: z.number().int().positive(),
  startedAt: z.string().datetime(),
  finishedAt: z.string().datetime(),
  restoreHint: z.string(),
});

export type Manifest = z.infer<typeof manifestSchema>;
