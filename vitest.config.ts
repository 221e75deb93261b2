import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["**/node_modules/**", ".stack/**", "functions/**"],
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/browser-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // One file at a time: the files share one stack and its database, and
    // browser files running side by side on two cores miss their waits.
    fileParallelism: false,
    reporters: ["default", "./test/summary-reporter.ts"],
  },
});
