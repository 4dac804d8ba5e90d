import { execFile, spawn } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { chmodSync, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import * as openpgp from "openpgp";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { decryptStream } from "../crypto/openpgp-stream";
import { AppError } from "../errors";
import { qualified } from "../postgres/identifiers";
import type { TableRef } from "../postgres/snapshot";
import { createObjectStore, type ObjectStore } from "../storage/object-store";
import { backupObjectKey, manifestKeyFor } from "../storage/object-keys";
import { createTestDatabase, startTestS3, writeTestPassphrase, type TestDatabase, type TestS3 } from "../testing/test-services";
import { manifestSchema } from "./manifest";
import { performBackup, type PerformBackupOptions } from "./perform-backup";

// performBackup against the machine's PostgreSQL 15, an s3rver on loopback and the real
// pg_dump, gpg and pg_restore: what a person restoring by hand would run.

const run = promisify(execFile);

// ---------------------------------------------------------------------------------------
// Cleanup: every resource a test makes is registered here and removed after that test
// (or after the file, for the shared source database).

type Cleanup = () => Promise<void> | void;
const perTest: Cleanup[] = [];
const perFile: Cleanup[] = [];

async function runCleanups(list: Cleanup[]): Promise<void> {
  const errors: unknown[] = [];
  while (list.length > 0) {
    try {
      await list.pop()!();
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length > 0) throw errors[0];
}

afterEach(() => runCleanups(perTest));
afterAll(() => runCleanups(perFile));

function tempDir(list: Cleanup[] = perTest): string {
  const dir = mkdtempSync(path.join(tmpdir(), "drcp-backup-it-"));
  list.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function database(list: Cleanup[] = perTest): Promise<TestDatabase> {
  const db = await createTestDatabase("drcp_backup_it");
  list.push(() => db.drop());
  return db;
}

// An S3 server with an empty bucket, a folder for scratch files and a passphrase file,
// plus a private GNUPGHOME so gpg neither reads nor writes the user's keyring.
type Repo = { s3: TestS3; store: ObjectStore; dir: string; passphrase: string; passphraseFile: string; gnupgHome: string };

async function repository(): Promise<Repo> {
  const s3 = await startTestS3(`drcp-it-${randomUUID().slice(0, 8)}`);
  perTest.push(() => s3.close());
  const dir = tempDir();
  const { file, passphrase } = writeTestPassphrase(dir);
  const gnupgHome = path.join(dir, "gnupg");
  await run("mkdir", ["-m", "700", gnupgHome]);
  perTest.push(async () => {
    await run("gpgconf", ["--homedir", gnupgHome, "--kill", "all"]).catch(() => {});
  });
  return { s3, store: s3.store, dir, passphrase, passphraseFile: file, gnupgHome };
}

function backupOptions(db: TestDatabase, repo: { store: ObjectStore; passphrase: string }, extra: Partial<PerformBackupOptions> = {}): PerformBackupOptions {
  const backupId = randomUUID();
  const key = backupObjectKey({ prefix: "it/", database: db.name, backupId, at: new Date() });
  return {
    backupId,
    component: { id: "osint-db", kind: extra.tables ? "table-set" : "database" },
    url: db.url,
    database: db.name,
    store: repo.store,
    key,
    manifestKey: manifestKeyFor(key),
    passphrase: repo.passphrase,
    ...extra,
  };
}

// ---------------------------------------------------------------------------------------
// PostgreSQL helpers

async function withClient<T>(url: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

async function userTables(url: string): Promise<TableRef[]> {
  return withClient(url, async (c) => {
    const r = await c.query<TableRef>(
      `SELECT n.nspname AS schema, c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
       ORDER BY 1, 2`,
    );
    return r.rows;
  });
}

type Fingerprint = TableRef & { rows: number; md5: string };

// Row count and an order-independent digest of every row's text form, per table.
async function fingerprints(url: string, tables: TableRef[]): Promise<Fingerprint[]> {
  return withClient(url, async (c) => {
    const out: Fingerprint[] = [];
    for (const t of tables) {
      const r = await c.query<{ rows: number; md5: string }>(
        `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5 FROM ${qualified(t.schema, t.table)} t`,
      );
      out.push({ ...t, ...r.rows[0]! });
    }
    return out;
  });
}

async function sequenceState(url: string, seq: string): Promise<{ last_value: string; is_called: boolean }> {
  return withClient(url, async (c) => (await c.query<{ last_value: string; is_called: boolean }>(`SELECT last_value::text, is_called FROM ${seq}`)).rows[0]!);
}

// ---------------------------------------------------------------------------------------
// The awkward source database

const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const awkwardText = [
  "first line",
  "\ttab-indented line with trailing spaces   ",
  `"double quotes", 'single quotes', back\\slash, \\N, \\.`,
  "\\.",
  "windows line\r",
  "unicode: ünïcødé — 日本語 — 😀 — \u00a0nbsp — \u200bzero-width",
  "",
  "end",
].join("\n");

// audit.events: identity column, jsonb, NULLs. public."Case Notes": serial column, a column
// defaulting to a shared sequence, multi-line text, bytea. audit.ticket_seq is advanced
// past the last default so its state is not implied by any row.
async function seedAwkwardDatabase(db: TestDatabase): Promise<void> {
  await withClient(db.url, async (c) => {
    await c.query(`
      CREATE SCHEMA audit;
      CREATE SEQUENCE audit.ticket_seq START 1000 INCREMENT 7;
      CREATE TABLE audit.events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind text NOT NULL,
        payload jsonb,
        at timestamptz,
        note text
      );
      CREATE TABLE audit.logins (id int PRIMARY KEY, who text NOT NULL, ok boolean);
      CREATE TABLE public."Case Notes" (
        id serial PRIMARY KEY,
        "Body Text" text,
        ticket bigint NOT NULL DEFAULT nextval('audit.ticket_seq'),
        attachment bytea
      );
      CREATE TABLE public.bulk (id int PRIMARY KEY, padding text NOT NULL);
    `);
    await c.query(`INSERT INTO audit.events (kind, payload, at, note) VALUES
      ('login', '{"user": "ana", "tags": ["a", "b"], "nested": {"n": 1.5, "null": null}}', '2026-12-03T08:13:53.123456Z', 'plain'),
      ('quote''s', '{"text": "line\\nbreak \\"quoted\\" \\\\ back", "emoji": "😀"}', NULL, NULL),
      ('null-payload', NULL, '1999-12-31T23:59:59Z', E'multi\\nline\\tnote')`);
    await c.query(`INSERT INTO audit.logins VALUES (1, 'ana', true), (2, 'bo', false), (3, 'cy', NULL), (4, 'dee', true)`);
    await c.query(`INSERT INTO public."Case Notes" ("Body Text", attachment) VALUES ($1, $2), ($3, NULL), (NULL, $4)`, [awkwardText, allBytes, "second note", Buffer.alloc(0)]);
    await c.query(`SELECT nextval('audit.ticket_seq'), nextval('audit.ticket_seq')`);
    await c.query(`INSERT INTO public.bulk SELECT i, repeat(md5(i::text), 8) FROM generate_series(1, 5000) i`);
  });
}

const awkwardCounts = [
  { schema: "audit", table: "events", rows: 3 },
  { schema: "audit", table: "logins", rows: 4 },
  { schema: "public", table: "Case Notes", rows: 3 },
  { schema: "public", table: "bulk", rows: 5000 },
];

// ---------------------------------------------------------------------------------------
// Reading back what was stored, the way a person restoring by hand would

async function objectBytes(store: ObjectStore, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await store.getStream(key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

type ChildResult = { code: number | null; stderr: string };

// S3 object -> gpg stdin, gpg stdout -> outFile, all streamed.
async function gpgDecrypt(repo: Repo, key: string, outFile: string, passphraseFile = repo.passphraseFile): Promise<ChildResult> {
  const child = spawn(
    "gpg",
    ["--homedir", repo.gnupgHome, "--batch", "--no-symkey-cache", "--pinentry-mode", "loopback", "--passphrase-file", passphraseFile, "--decrypt"],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const closed = new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve(code));
  });
  const input = await repo.store.getStream(key);
  // gpg may stop reading early (a wrong passphrase): a broken pipe on stdin is expected then.
  const feed = pipeline(input, child.stdin).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE" && e.code !== "ERR_STREAM_PREMATURE_CLOSE") throw e;
  });
  const drain = pipeline(child.stdout, createWriteStream(outFile));
  const [code] = await Promise.all([closed, feed, drain]);
  return { code, stderr };
}

async function pgRestore(dumpFile: string, target: TestDatabase): Promise<void> {
  // No --clean/--create: the dump goes into the (fresh) target as is.
  await run("pg_restore", ["--no-owner", "--exit-on-error", `--dbname=${target.url}`, dumpFile]);
}

// Fetch, decrypt with gpg and restore into a fresh database; returns that database.
// `prepare` runs in the target first (pg_dump --table dumps a table, not its schema).
async function restoreWithGpg(repo: Repo, key: string, prepare?: string): Promise<TestDatabase> {
  const dumpFile = path.join(repo.dir, `${randomUUID()}.dump`);
  const r = await gpgDecrypt(repo, key, dumpFile);
  expect(r.stderr).not.toMatch(/WARNING|bad session key|decryption failed/i);
  expect(r.code).toBe(0);
  const target = await database();
  if (prepare) await withClient(target.url, (c) => c.query(prepare));
  await pgRestore(dumpFile, target);
  return target;
}

async function streamToBuffer(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of s) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

async function expectBucketEmpty(repo: Repo, key: string): Promise<void> {
  expect(await repo.store.list("")).toEqual([]);
  expect(await repo.store.abortUploads(key)).toBe(0);
}

// ---------------------------------------------------------------------------------------

describe("performBackup (real PostgreSQL, S3, pg_dump, gpg, pg_restore)", () => {
  let source: TestDatabase;

  beforeAll(async () => {
    source = await database(perFile);
    await seedAwkwardDatabase(source);
  });

  it("round-trips a whole awkward database through S3, gpg and pg_restore", async () => {
    const repo = await repository();
    const o = backupOptions(source, repo);
    const result = await performBackup(o);

    // Manifest: returned, stored beside the object, and true to the stored bytes.
    expect(result.manifest.tables).toEqual(awkwardCounts);
    expect(result.manifest.scope).toBe("database");
    expect(result.manifest.database).toBe(source.name);
    expect(manifestSchema.parse(result.manifest)).toEqual(result.manifest);
    const stored = manifestSchema.parse(JSON.parse(await repo.store.getText(manifestKeyFor(o.key))));
    expect(stored).toEqual(result.manifest);
    expect(stored.tables).toEqual(awkwardCounts);

    const bytes = await objectBytes(repo.store, o.key);
    expect(stored.object).toEqual({ bucket: repo.s3.bucket, key: o.key, sizeBytes: bytes.length, sha256: sha256(bytes) });
    expect((await repo.store.head(o.key))?.size).toBe(bytes.length);
    expect(result.sizeBytes).toBe(bytes.length);
    expect(result.sha256).toBe(sha256(bytes));
    expect((await repo.store.list("")).map((x) => x.key).sort()).toEqual([o.key, o.manifestKey].sort());

    const restored = await restoreWithGpg(repo, o.key);

    // Same tables, same rows.
    const tables = await userTables(source.url);
    expect(tables).toEqual(awkwardCounts.map(({ schema, table }) => ({ schema, table })));
    expect(await userTables(restored.url)).toEqual(tables);
    const expected = await fingerprints(source.url, tables);
    expect(expected.map((f) => f.rows)).toEqual(awkwardCounts.map((c) => c.rows));
    expect(await fingerprints(restored.url, tables)).toEqual(expected);

    // The awkward values themselves, byte for byte.
    await withClient(restored.url, async (c) => {
      const notes = await c.query<{ id: number; body: string | null; ticket: string; attachment: Buffer | null }>(
        `SELECT id, "Body Text" AS body, ticket::text, attachment FROM public."Case Notes" ORDER BY id`,
      );
      expect(notes.rows).toEqual([
        { id: 1, body: awkwardText, ticket: "1000", attachment: allBytes },
        { id: 2, body: "second note", ticket: "1007", attachment: null },
        { id: 3, body: null, ticket: "1014", attachment: Buffer.alloc(0) },
      ]);
      const events = await c.query(`SELECT id::int, kind, payload, note FROM audit.events ORDER BY id`);
      expect(events.rows).toEqual([
        { id: 1, kind: "login", payload: { user: "ana", tags: ["a", "b"], nested: { n: 1.5, null: null } }, note: "plain" },
        { id: 2, kind: "quote's", payload: { text: 'line\nbreak "quoted" \\ back', emoji: "😀" }, note: null },
        { id: 3, kind: "null-payload", payload: null, note: "multi\nline\tnote" },
      ]);
    });

    // Sequences: the free-standing one, the serial's and the identity's.
    expect(await sequenceState(restored.url, "audit.ticket_seq")).toEqual({ last_value: "1028", is_called: true });
    expect(await sequenceState(restored.url, `public."Case Notes_id_seq"`)).toEqual({ last_value: "3", is_called: true });
    expect(await sequenceState(restored.url, "audit.events_id_seq")).toEqual({ last_value: "3", is_called: true });
    await withClient(restored.url, async (c) => {
      const r = await c.query<{ id: number; ticket: string }>(`INSERT INTO public."Case Notes" ("Body Text") VALUES ('after restore') RETURNING id, ticket::text`);
      expect(r.rows[0]).toEqual({ id: 4, ticket: "1035" });
    });
  });

  it("backs up only the tables of a table set", async () => {
    const repo = await repository();
    const tables = [
      { schema: "audit", table: "events" },
      { schema: "public", table: "Case Notes" },
    ];
    const o = backupOptions(source, repo, { tables });
    const result = await performBackup(o);

    const expectedCounts = [
      { schema: "audit", table: "events", rows: 3 },
      { schema: "public", table: "Case Notes", rows: 3 },
    ];
    expect(result.manifest.scope).toBe("tables");
    expect(result.manifest.tables).toEqual(expectedCounts);
    expect(manifestSchema.parse(JSON.parse(await repo.store.getText(o.manifestKey))).tables).toEqual(expectedCounts);

    // A table-set dump holds the tables (with their own serial/identity sequences) but not
    // the schema "audit" nor the free-standing audit.ticket_seq that "Case Notes" defaults
    // to: pg_dump --table dumps neither, so the target must already have them.
    const restored = await restoreWithGpg(repo, o.key, "CREATE SCHEMA audit; CREATE SEQUENCE audit.ticket_seq START 1000 INCREMENT 7");
    expect(await userTables(restored.url)).toEqual(tables);
    expect(await fingerprints(restored.url, tables)).toEqual(await fingerprints(source.url, tables));
  });

  it("counts exactly the rows in the dump while other sessions keep inserting", async () => {
    const db = await database();
    await withClient(db.url, async (c) => {
      await c.query(`CREATE TABLE orders (id bigserial PRIMARY KEY, placed timestamptz NOT NULL DEFAULT now(), padding text NOT NULL);
        CREATE TABLE order_lines (order_id bigint NOT NULL REFERENCES orders, n int NOT NULL, PRIMARY KEY (order_id, n));
        INSERT INTO orders (padding) SELECT repeat('x', 2000) FROM generate_series(1, 20000);
        INSERT INTO order_lines SELECT id, n FROM orders, generate_series(1, 3) n;`);
    });
    const repo = await repository();

    // One order and its three lines per transaction, as fast as the server allows.
    let stop = false;
    let committed = 0;
    const writer = withClient(db.url, async (c) => {
      while (!stop) {
        await c.query("BEGIN");
        const { rows } = await c.query<{ id: string }>(`INSERT INTO orders (padding) VALUES ('concurrent') RETURNING id`);
        await c.query(`INSERT INTO order_lines SELECT $1, n FROM generate_series(1, 3) n`, [rows[0]!.id]);
        await c.query("COMMIT");
        committed++;
      }
    });
    let committedAtFirstProgress: number | undefined;
    try {
      while (committed < 5) await new Promise((r) => setTimeout(r, 5));
      const result = await performBackup(
        backupOptions(db, repo, {
          onProgress: () => {
            committedAtFirstProgress ??= committed;
          },
        }),
      ).finally(() => (stop = true));
      await writer;

      // Catalog order (C collation): "order_lines" sorts before "orders".
      expect(result.manifest.tables.map((t) => `${t.schema}.${t.table}`)).toEqual(["public.order_lines", "public.orders"]);
      const [lines, orders] = result.manifest.tables;
      expect(lines!.rows).toBe(orders!.rows * 3);
      expect(orders!.rows).toBeGreaterThanOrEqual(20000 + 5);

      // Rows kept arriving during the backup: the source is ahead of the dump now.
      const after = await fingerprints(db.url, [{ schema: "public", table: "orders" }]);
      expect(committedAtFirstProgress).toBeGreaterThan(5);
      expect(after[0]!.rows).toBeGreaterThan(orders!.rows);

      const restored = await restoreWithGpg(repo, result.manifest.object.key);
      const got = await fingerprints(restored.url, [
        { schema: "public", table: "orders" },
        { schema: "public", table: "order_lines" },
      ]);
      expect(got.map((f) => f.rows)).toEqual([orders!.rows, lines!.rows]);
    } finally {
      stop = true;
      await writer.catch(() => {});
    }
  });

  it("fails with a clear message when pg_dump is not in PG_BIN_DIR, writing nothing", async () => {
    const repo = await repository();
    const o = backupOptions(source, repo, { pgBinDir: "/nonexistent-pg-bin" });
    const e = await rejection(performBackup(o));
    expect(e.message).toBe(
      "pg_dump was not found: /nonexistent-pg-bin/pg_dump does not exist (PG_BIN_DIR=/nonexistent-pg-bin). Install the PostgreSQL client tools (Debian: apt-get install postgresql-client) or set PG_BIN_DIR to the folder that holds pg_dump.",
    );
    expect(e.code).toBe("unavailable");
    await expectBucketEmpty(repo, o.key);
  });

  it("fails as transient and unavailable when S3 is unreachable", async () => {
    const port = await freePort();
    const bucket = "unreachable-bucket";
    const store = createObjectStore({ endpoint: `http://127.0.0.1:${port}`, region: "us-east-1", accessKeyId: "x", secretAccessKey: "y", bucket, forcePathStyle: true });
    const e = await rejection(performBackup(backupOptions(source, { store, passphrase: "irrelevant" })));
    expect(e.message).toBe(`S3 is unreachable (s3://${bucket} at http://127.0.0.1:${port}): ECONNREFUSED. Check that the S3 endpoint is up and S3_ENDPOINT is right.`);
    expect(e.code).toBe("unavailable");
    expect(e.transient).toBe(true);
  });

  it("cannot be decrypted with a wrong passphrase, by gpg or by decryptStream", async () => {
    const repo = await repository();
    const o = backupOptions(source, repo);
    await performBackup(o);

    const wrong = writeTestPassphrase(tempDir(), "not-the-backup-passphrase");
    const wrongOut = path.join(repo.dir, "wrong.dump");
    const bad = await gpgDecrypt(repo, o.key, wrongOut, wrong.file);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/decryption failed: Bad session key/);

    const e = await rejection(decryptStream(await repo.store.getStream(o.key), wrong.passphrase).then(streamToBuffer));
    expect(e.message).toBe("Wrong backup passphrase: the object cannot be decrypted with the configured passphrase (BACKUP_PASSPHRASE_FILE).");
    expect(e.code).toBe("validation");

    const goodOut = path.join(repo.dir, "good.dump");
    expect((await gpgDecrypt(repo, o.key, goodOut)).code).toBe(0);
    const viaGpg = readFileSync(goodOut);
    const viaOpenpgp = await streamToBuffer(await decryptStream(await repo.store.getStream(o.key), repo.passphrase));
    expect(viaGpg.subarray(0, 5).toString()).toBe("PGDMP");
    expect(viaOpenpgp.length).toBe(viaGpg.length);
    expect(sha256(viaOpenpgp)).toBe(sha256(viaGpg));
  });

  // About 1 wrong passphrase in 250 gets past openpgp.js's session-key check and fails
  // only as "Modification detected." at the end; that must still read as a wrong
  // passphrase, while a really modified object must not. Fast S2K to find such a one.
  it("tells a wrong passphrase that yields a plausible session key from a modified object", async () => {
    const plain = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 31) % 251));
    const config: Partial<openpgp.Config> = {
      preferredSymmetricAlgorithm: openpgp.enums.symmetric.aes256,
      preferredCompressionAlgorithm: openpgp.enums.compression.uncompressed,
      aeadProtect: false,
      s2kType: openpgp.enums.s2k.iterated,
      s2kIterationCountByte: 0,
    };
    const encrypted = Buffer.from(
      await openpgp.encrypt({ message: await openpgp.createMessage({ binary: plain }), passwords: ["the-right-one"], format: "binary", config }),
    );
    const rawError = async (password: string) =>
      openpgp.decrypt({ message: await openpgp.readMessage({ binaryMessage: encrypted }), passwords: [password], format: "binary" }).then(
        () => "decrypted",
        (e: Error) => e.message,
      );
    let sneaky: string | undefined;
    for (let i = 0; i < 20000 && !sneaky; i++) if ((await rawError(`wrong-${i}`)) === "Error decrypting message: Modification detected.") sneaky = `wrong-${i}`;
    expect(sneaky).toBeDefined();

    const viaProduct = (bytes: Buffer, password: string) => rejection(decryptStream(Readable.from([bytes]), password).then(streamToBuffer));
    expect((await viaProduct(encrypted, sneaky!)).message).toBe(
      "Wrong backup passphrase: the object cannot be decrypted with the configured passphrase (BACKUP_PASSPHRASE_FILE).",
    );
    expect((await viaProduct(encrypted, "wrong-plain")).message).toBe(
      "Wrong backup passphrase: the object cannot be decrypted with the configured passphrase (BACKUP_PASSPHRASE_FILE).",
    );

    const tampered = Buffer.from(encrypted);
    tampered[tampered.length >> 1]! ^= 0x01;
    expect((await viaProduct(tampered, "the-right-one")).message).toBe("Decryption failed: Error decrypting message: Modification detected.");
    expect(await streamToBuffer(await decryptStream(Readable.from([encrypted]), "the-right-one"))).toEqual(plain);
  });

  it("rejects a table set naming a missing table, writing nothing", async () => {
    const repo = await repository();
    const o = backupOptions(source, repo, {
      tables: [
        { schema: "audit", table: "events" },
        { schema: "audit", table: "no_such_table" },
      ],
    });
    const e = await rejection(performBackup(o));
    expect(e.message).toBe("Table audit.no_such_table does not exist in the database; fix the component's tables in the plan.");
    expect(e.code).toBe("validation");
    await expectBucketEmpty(repo, o.key);
  });

  it("leaves no object, manifest or multipart upload when pg_dump fails mid-way", async () => {
    const repo = await repository();
    const binDir = path.join(repo.dir, "bin");
    await run("mkdir", [binDir]);
    const fake = path.join(binDir, "pg_dump");
    // Enough output (20 MiB) that the upload is multipart with parts already sent.
    writeFileSync(
      fake,
      [
        "#!/bin/sh",
        'if [ "$1" = "--version" ]; then echo "pg_dump (PostgreSQL) 15.0"; exit 0; fi',
        "head -c 20971520 /dev/urandom",
        'echo "pg_dump: error: simulated failure after 20 MiB" >&2',
        "exit 1",
        "",
      ].join("\n"),
    );
    chmodSync(fake, 0o755);

    const o = backupOptions(source, repo, { pgBinDir: binDir });
    const e = await rejection(performBackup(o));
    expect(e.message).toBe("pg_dump failed (exit code 1): pg_dump: error: simulated failure after 20 MiB");
    expect(e.message).toContain("pg_dump: error: simulated failure after 20 MiB");
    await expectBucketEmpty(repo, o.key);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
