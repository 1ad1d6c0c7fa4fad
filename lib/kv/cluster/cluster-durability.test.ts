// What a failover loses. Redis replicates asynchronously: a primary acknowledges a commit and
// may die before its replica has it. The replicas of the counter's primary are stalled
// (SIGSTOP) to open that window wide and make the loss deterministic, commits go on, then the
// primary is killed and its replica promoted. Without waiting for replicas, acknowledged
// commits are lost; with WAIT 1 (waitForReplicas), none that was acknowledged is: the ones no
// replica confirmed are reported as KvCommitNotReplicatedError instead. The counts and the
// cost of WAIT on a healthy commit are printed. One cluster for the file.

import { Cluster } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestCluster, type TestCluster } from "@/scripts/redis/fixtures/cluster";
import { openKv, type Kv } from "../index";
import type { KvCommitOptions, KvKey } from "../types";
import { KvU64 } from "../u64";
import { encodeReadKey } from "../validate";

const COMMITS_DURING_STALL = 20;
const HEALTHY_COMMITS = 200;
const WAIT: KvCommitOptions = { waitForReplicas: { replicas: 1, timeoutMs: 50 } };

let cluster: TestCluster;
let raw: Cluster;
let kv: Kv;

beforeAll(async () => {
  cluster = await startTestCluster();
  const nodes = cluster.seeds().map(({ host, port }) => `${host}:${port}`);
  kv = await openKv({ cluster: { nodes }, prefix: "dur", commandTimeoutMs: 1000 });
  raw = new Cluster(cluster.seeds(), { scaleReads: "master" });
  raw.on("error", () => {});
}, 60_000);

afterAll(async () => {
  await kv?.close();
  raw?.disconnect();
  await cluster?.stop();
});

/** The Redis key holding a Kv key's value (its hash tag names the slot). */
async function dataKeyOf(key: KvKey): Promise<string> {
  const hex = encodeReadKey(key);
  for (const node of raw.nodes("master")) {
    const [, found] = await node.scan(0, "MATCH", `*:d:${hex}`, "COUNT", 100_000);
    if (found.length > 0) return found[0];
  }
  throw new Error(`no data key for ${JSON.stringify(key)}`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function commitLatencies(counter: KvKey, options: KvCommitOptions): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < HEALTHY_COMMITS; i++) {
    const started = performance.now();
    await kv.atomic().sum(counter, 0n).commit(options);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

for (const wait of [false, true]) {
  it(`acknowledged commits across a failover, waiting for a replica: ${wait ? "yes" : "no"}`, async () => {
    const options: KvCommitOptions = wait ? WAIT : { waitForReplicas: false };
    const counter: KvKey = ["durable", wait ? "wait" : "nowait"];
    await kv.set(counter, new KvU64(0n));
    const healthy = await commitLatencies(counter, options);

    const dataKey = await dataKeyOf(counter);
    const slot = Number(await raw.cluster("KEYSLOT", dataKey));
    await new Promise((resolve) => setTimeout(resolve, 200)); // all of the above replicated
    const resume = await cluster.stallReplicasOf(slot);
    // A stalled replica's kernel still takes in what the primary sends and reads it after
    // SIGCONT: fill its socket buffers (a few MB, same slot, not a Kv key) so that the commits
    // below stay in the primary's output buffer, which dies with it.
    const filler = `${dataKey.slice(0, dataKey.indexOf("}") + 1)}:filler`;
    for (let i = 0; i < 16; i++) await raw.set(filler, Buffer.alloc(1 << 20, i));

    let acknowledged = 0;
    let notReplicated = 0;
    const started = performance.now();
    for (let i = 0; i < COMMITS_DURING_STALL; i++) {
      try {
        await kv.atomic().sum(counter, 1n).commit(options);
        acknowledged++;
      } catch (error) {
        if (!(error instanceof Error) || error.name !== "KvCommitNotReplicatedError") throw error;
        notReplicated++;
      }
    }
    const stalledMs = (performance.now() - started) / COMMITS_DURING_STALL;
    const { killed } = await cluster.killPrimaryOf(slot, resume);
    const survived = Number(((await kv.get<KvU64>(counter)).value as KvU64).value);
    const lost = Math.max(0, acknowledged - survived);
    console.log(
      `[durability] WAIT ${wait ? "1 replica / 50 ms" : "off"}: of ${COMMITS_DURING_STALL} commits while the replica was stalled, ` +
        `${acknowledged} acknowledged, ${notReplicated} reported not replicated; ${survived} survived the failover: ` +
        `${lost} acknowledged commits lost. Commit latency, healthy replica, ${HEALTHY_COMMITS} sequential: ` +
        `p50 ${percentile(healthy, 50).toFixed(2)} ms, p99 ${percentile(healthy, 99).toFixed(2)} ms; ` +
        `with the replica stalled ${stalledMs.toFixed(1)} ms per commit`,
    );
    await cluster.revive(killed.port); // the next test needs a replica behind every primary
    if (wait) {
      expect(acknowledged).toBeLessThanOrEqual(survived); // nothing acknowledged was lost
      expect(notReplicated).toBe(COMMITS_DURING_STALL);
    } else {
      expect(acknowledged).toBe(COMMITS_DURING_STALL);
      expect(lost).toBeGreaterThan(0); // the window was open: what WAIT is for
    }
  }, 120_000);
}
