import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Integration tests start real servers and databases: give them room, never rely on timing.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Two cores: two workers keep PGlite/WASM start-up from starving each other.
    maxWorkers: 2,
  },
});
