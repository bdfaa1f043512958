import { defineConfig } from "vitest/config";

// Unit tests run in parallel; end-to-end tests start real lab hosts (network
// namespaces, sshd, sshfs, borg) and get long timeouts. Both read the built
// packages (dist/) across package boundaries, so `pnpm test` builds first.
export default defineConfig({
  test: {
    pool: "forks",
    projects: [
      {
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.test.ts", "plugins/*/src/**/*.test.ts", "bench/**/*.test.ts"],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/**/*.test.ts", "packages/lab/test/**/*.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          maxWorkers: 2,
          minWorkers: 1,
        },
      },
    ],
  },
});
