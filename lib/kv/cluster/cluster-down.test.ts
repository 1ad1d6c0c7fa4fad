// A Redis Cluster that lost a primary and its replica serves nothing (cluster_state:fail), though
// every other node still answers a PING: kv.ping(), and with it /api/health, says so within the
// command timeout. Its own cluster: it kills nodes.
import { afterAll, beforeAll, expect, it } from "vitest";
import { checkHealth } from "@/lib/health";
import { isRedisUnavailable } from "../../redis/unavailable";
import { startTestCluster, type TestCluster } from "@/scripts/redis/fixtures/cluster";
import { openKv, type Kv } from "../index";
import { waitFor } from "../test-support";

let cluster: TestCluster;
let kv: Kv;
const TIMEOUT_MS = 800;

beforeAll(async () => {
  cluster = await startTestCluster();
  kv = await openKv({ cluster: { nodes: cluster.seeds().map(({ host, port }) => `${host}:${port}`) }, commandTimeoutMs: TIMEOUT_MS });
}, 60_000);

afterAll(async () => {
  await kv?.close();
  await cluster?.stop();
});

it("kv.ping() and the health check report a cluster that lost a slot's every copy as unavailable, not as fine", async () => {
  expect(await kv.ping()).toBeGreaterThan(0);
  expect((await checkHealth(async () => kv)).ok).toBe(true);

  const nodes = await cluster.nodes();
  const primary = nodes.find((n) => n.role === "master" && n.slots.length > 0);
  if (!primary) throw new Error("no primary");
  const doomed = [primary, ...nodes.filter((n) => n.primaryId === primary.id)].map((n) => n.port);
  await Promise.all(cluster.servers().filter((s) => doomed.includes(s.port)).map((s) => s.kill("SIGKILL")));

  // Until the others mark the pair failed, they still say ok.
  await waitFor(async () => {
    const started = performance.now();
    const failure = await kv.ping().then(() => null, (error: unknown) => error);
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + 500);
    return failure !== null && isRedisUnavailable(failure);
  }, "kv.ping() to report the cluster down", { timeoutMs: 20_000, intervalMs: 100 });
  const report = await checkHealth(async () => kv);
  expect(report).toMatchObject({ ok: false, redis: { reachable: false, latencyMs: null } });
}, 60_000);
