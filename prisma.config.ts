import { defineConfig } from "prisma/config";

// The URL is only needed by commands that reach a database (`prisma migrate deploy`
// on a connected machine); `prisma generate` works without it.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/unset" },
});
