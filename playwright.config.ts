// e2e: a real Chromium against the app's server (npm start), with the managed Redis path exercised
// (REDIS_URL unset) on a data folder of its own, so a user's .data is never touched.

import { defineConfig, devices } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const port = Number(process.env.E2E_PORT ?? process.env.PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
// The "cluster" project's app: the same build on a throwaway 3+3 Redis Cluster
// (`npm run start:cluster`), on the next port.
const clusterPort = port + 1;
const clusterBaseURL = `http://127.0.0.1:${clusterPort}`;
// The demos' specs and the multi-instance spec run on both back-ends; the cluster's own fault
// spec only on the cluster.
const ON_BOTH = /(links|chat|posts|multi-instance)\.spec\.ts$/;
const CLUSTER_ONLY = /faults-cluster\.spec\.ts$/;

// Workers re-evaluate this file; the environment carries the first choice to them.
process.env.LIVEKV_E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), "livekv-e2e-"));
// The key visitor cookies are signed with, for every app the tests start (they inherit this
// environment), so that API clients can hold real visitor cookies (e2e/support/visitor.ts).
process.env.LIVEKV_SECRET ??= randomBytes(32).toString("base64url");
// Every browser and API client of the tests is 127.0.0.1, to the app one address that all of
// them share, like a crowd behind one NAT: the budgets an address shares (new visitors,
// writes, clicks) are raised for every app the tests start; what each visitor may do is not
// (the specs check those limits). Per-address budgets are tested in app/api/made-up-visitors.test.ts.
process.env.LIVEKV_RATE_LIMIT_PER_ADDRESS_FACTOR ??= "1000";

// Playwright cannot download its browsers on every machine (no CDN access on CI here);
// Debian's Chromium works with it over CDP.
const systemChromium = "/usr/bin/chromium";
const launchOptions = existsSync(systemChromium)
  ? {
      executablePath: systemChromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    }
  : {};

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: "list",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "chromium",
      testIgnore: CLUSTER_ONLY,
      use: { ...devices["Desktop Chrome"], launchOptions },
    },
    {
      name: "cluster",
      testMatch: [ON_BOTH, CLUSTER_ONLY],
      use: { ...devices["Desktop Chrome"], launchOptions, baseURL: clusterBaseURL },
    },
  ],
  webServer: [{
    command: "node --import tsx scripts/run.ts start",
    url: `${baseURL}/api/health`,
    // run.ts builds first when there is no build yet; that can take a while.
    timeout: 240_000,
    reuseExistingServer: !process.env.CI,
    // The default is SIGKILL, which would leave the managed Redis to the watchdog.
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      LIVEKV_DATA_DIR: process.env.LIVEKV_E2E_DATA_DIR,
      LIVEKV_SECRET: process.env.LIVEKV_SECRET,
      LIVEKV_RATE_LIMIT_PER_ADDRESS_FACTOR: process.env.LIVEKV_RATE_LIMIT_PER_ADDRESS_FACTOR,
      // Empty counts as unset for run.ts: the app starts its own Redis.
      REDIS_URL: "",
      // One server process: the specs read one process's counts and caps from /api/health
      // and hit per-process stream caps; e2e/every-core.spec.ts starts one per core.
      WEB_CONCURRENCY: "1",
    },
  }, {
    // What a user runs to try the app on a cluster; stopped (app, then cluster) by SIGTERM.
    command: "node --import tsx scripts/start-cluster.ts",
    url: `${clusterBaseURL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: !process.env.CI,
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(clusterPort),
      LIVEKV_SECRET: process.env.LIVEKV_SECRET,
      LIVEKV_RATE_LIMIT_PER_ADDRESS_FACTOR: process.env.LIVEKV_RATE_LIMIT_PER_ADDRESS_FACTOR,
      REDIS_URL: "",
      REDIS_CLUSTER_NODES: "",
      // Acknowledged means a replica has it too (README, "Scaling out").
      LIVEKV_WAIT_REPLICAS: "1",
      WEB_CONCURRENCY: "1",
    },
  }],
});
