import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  // @livekv/server/<face> is lib/<face> (scripts/build-lib.ts): tests run the sources.
  resolve: {
    alias: {
      "@livekv/server": fileURLToPath(new URL("./lib", import.meta.url)),
      "@": fileURLToPath(new URL(".", import.meta.url)),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "components/**/*.test.ts", "scripts/**/*.test.ts", "proxy.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Each file starts its own redis-server; two cores cannot run many at once.
    maxWorkers: 2,
  },
});
