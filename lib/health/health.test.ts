// /api/health's verdict on a real Redis, and on the "app-cluster" project's real Redis Cluster:
// keyspace notifications are read from every node, so one node without them is reported.
import { describe, expect, it } from "vitest";
import { useKvTestEnv } from "@/lib/kv/test-support";
import { withNode } from "@/scripts/redis/cluster";
import { checkHealth } from "./index";

const env = useKvTestEnv();

describe("checkHealth", () => {
  it("reports notifications on, with the setting, when every node has them", async () => {
    const kv = await env.open();
    const report = await checkHealth(async () => kv);
    expect(report).toMatchObject({
      ok: true,
      redis: { reachable: true },
      notifications: { enabled: true, flags: expect.stringContaining("K"), nodes: { off: 0, unknown: 0 } },
    });
    // A cluster's primaries, and its replicas once it lists them (after their first sync of data).
    const { checked } = report.notifications.nodes;
    if (env.backend === "cluster") expect(checked >= 3 && checked <= 6, `${checked} nodes`).toBe(true);
    else expect(checked).toBe(1);
  });

  // Asked several times: a check that reads one node of a cluster would see the others' setting
  // in most of them.
  it("reports not ok, every time, when one node has them off; ok again once it has them back", async () => {
    const kv = await env.open();
    const nodes = (await kv.notificationFlags()).map(({ node }) => node);
    const port = Number(nodes[nodes.length - 1].split(":")[1]);
    await withNode(port, async (node) => {
      const [, before] = (await node.config("GET", "notify-keyspace-events")) as [string, string];
      try {
        await node.config("SET", "notify-keyspace-events", "");
        for (let i = 0; i < 5; i++) {
          const report = await checkHealth(async () => kv);
          expect(report).toMatchObject({ ok: false, notifications: { enabled: false, nodes: { off: 1, unknown: 0 } } });
          // The one setting there is, or none where the nodes differ.
          expect(report.notifications.flags).toBe(nodes.length === 1 ? "" : null);
        }
      } finally {
        await node.config("SET", "notify-keyspace-events", before);
      }
    });
    expect((await checkHealth(async () => kv)).notifications).toMatchObject({ enabled: true, nodes: { off: 0 } });
  });
});
