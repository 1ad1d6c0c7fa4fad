import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

// lib/kv's tests run twice: on one redis-server per file (the "redis" project, with every
// other test) and on one Redis Cluster shared by the run ("kv-cluster"). Left out of the
// second: tests of one server's faults (stopped, hung, restarted: Cluster's faults have their
// own tests under lib/kv/cluster), of openKv against odd single servers, and of pure code.
const SINGLE_SERVER_ONLY = [
  "lib/kv/command-faults.test.ts",
  "lib/kv/watch-restart.test.ts",
  "lib/kv/watch-heartbeat.test.ts",
  "lib/kv/open.test.ts",
  "lib/kv/key-codec.test.ts",
  "lib/kv/value-codec.test.ts",
  "lib/kv/u64.test.ts",
];

// The features' tests that also run on a Redis Cluster ("app-cluster"). Left out: tests of one
// server's faults (outages, hangs, a full Redis), of pure code, and app/api/made-up-visitors
// (it spends the new-visitor budget of the keyspace the app's route tests share on the cluster,
// so the route tests after it would get 429s).
const APP_ON_CLUSTER = [
  "lib/links/create.test.ts",
  "lib/links/click.test.ts",
  "lib/links/stats.test.ts",
  "lib/links/watch.test.ts",
  "lib/links/redirect-front.test.ts",
  "lib/links/manage.test.ts",
  "lib/links/analytics/click-log.test.ts",
  "lib/chat/rooms/rooms.test.ts",
  "lib/chat/presence/presence.test.ts",
  "lib/chat/rate.test.ts",
  "lib/chat/messages/send.test.ts",
  "lib/chat/messages/room-log.test.ts",
  "lib/chat/messages/change.test.ts",
  "lib/posts/api.test.ts",
  "lib/posts/like.test.ts",
  "lib/posts/demo.test.ts",
  "lib/posts/watch.test.ts",
  "lib/posts/comment.test.ts",
  "lib/posts/create-post.test.ts",
  "lib/posts/delete-comment.test.ts",
  "lib/visitor/visitor-id.test.ts",
  "lib/visitor/secret.test.ts",
  "lib/rate-limit/*.test.ts",
  "lib/feeds/watch-many.test.ts",
  "app/api/links/route.test.ts",
  "app/api/links/analytics.test.ts",
  "app/api/rooms/route.test.ts",
  "app/api/rooms/[[]room]/messages/[[]message]/route.test.ts",
  "app/api/metrics/route.test.ts",
  "app/api/long-ids.test.ts",
  "lib/server/partitions.test.ts",
  "lib/health/health.test.ts",
];

export default defineConfig({
  // @livekv/server/<face> is lib/<face> (scripts/build-lib.ts): tests run the sources.
  resolve: {
    alias: {
      "@livekv/server": fileURLToPath(new URL("./lib", import.meta.url)),
      "@": fileURLToPath(new URL(".", import.meta.url)),
    },
  },
  test: {
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Each file starts its own redis-server; two cores cannot run many at once.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: "redis",
          include: ["lib/**/*.test.ts", "app/**/*.test.ts", "components/**/*.test.ts", "scripts/**/*.test.ts", "proxy.test.ts"],
          exclude: ["lib/kv/cluster/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "kv-cluster",
          include: ["lib/kv/**/*.test.ts"],
          exclude: SINGLE_SERVER_ONLY,
          env: { LIVEKV_TEST_BACKEND: "cluster" },
          globalSetup: ["scripts/redis/fixtures/kv-cluster-setup.ts"],
          // Files share the cluster, and some count its subscriptions: one file at a time.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          // The demos' features on the same kind of cluster, with the app's partitions: every
          // commit they make must stay within one (KvCrossPartitionCommitError otherwise).
          name: "app-cluster",
          include: APP_ON_CLUSTER,
          env: { LIVEKV_TEST_BACKEND: "cluster" },
          globalSetup: ["scripts/redis/fixtures/kv-cluster-setup.ts"],
          setupFiles: ["scripts/redis/fixtures/app-cluster-setup.ts"],
          fileParallelism: false,
        },
      },
    ],
  },
});
