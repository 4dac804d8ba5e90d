import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { settings } from "./settings";

export type Db = PrismaClient;

export function createDb(connectionString: string): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 5 }) });
}

// One client per process; kept on globalThis so dev-server reloads do not leak pools.
const holder = globalThis as unknown as { drDb?: Db };

export function db(): Db {
  holder.drDb ??= createDb(settings().databaseUrl);
  return holder.drDb;
}
