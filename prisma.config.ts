// Prisma CLI configuration. Only `prisma generate` is used from the CLI: it needs a schema-engine
// binary to exist but never runs it, so point it at /bin/false (a real executable that fails)
// instead of letting the CLI try to download one. Migrations run through scripts/migrate.ts.
import { defineConfig } from "prisma/config";

process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/false";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
