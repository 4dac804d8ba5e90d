import { describe, expect, it } from "vitest";
import { assertDumpCompatible, findPgTool, parseToolVersion } from "./pg-tools";

describe("pg tools", () => {
  it("reads Debian's and plain version lines", () => {
    expect(parseToolVersion("pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)\n")).toEqual({ full: "15.20", major: 15 });
    expect(parseToolVersion("pg_restore (PostgreSQL) 17.2\n")).toEqual({ full: "17.2", major: 17 });
    expect(parseToolVersion("something else")).toBeUndefined();
  });

  it("refuses a pg_dump older than the server, saying what to install", () => {
    expect(() => assertDumpCompatible(14, 15, "/usr/bin/pg_dump")).toThrow(
      "/usr/bin/pg_dump is version 14 but the server is version 15: pg_dump must be at least the server's major version. Install postgresql-client-15 or set PG_BIN_DIR.",
    );
    expect(() => assertDumpCompatible(16, 15, "/usr/bin/pg_dump")).not.toThrow();
  });

  it("names the folder it looked in when PG_BIN_DIR is wrong", () => {
    expect(() => findPgTool("pg_restore", { binDir: "/no/such/dir" })).toThrow(
      "pg_restore was not found: /no/such/dir/pg_restore does not exist (PG_BIN_DIR=/no/such/dir). Install the PostgreSQL client tools (Debian: apt-get install postgresql-client) or set PG_BIN_DIR to the folder that holds pg_restore.",
    );
  });
});
