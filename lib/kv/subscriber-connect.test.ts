// Watches opened while the watch hub's subscriber connection is still coming up: each must
// work, however closely they follow each other (ioredis's ready check once made the later
// ones fail with "Connection in subscriber mode").
import { expect, it } from "vitest";
import { useKvTestEnv } from "./test-support";

const env = useKvTestEnv();

it("prefix watches opened a moment apart on a fresh Kv all deliver", async () => {
  const failures: string[] = [];
  for (let i = 0; i < 20; i++) {
    const kv = await env.open();
    const a = kv.watchPrefix(["a"]).getReader();
    // Spread the second watch over the first connection's handshake.
    const delayMs = (i % 10) * 0.5;
    const started = performance.now();
    while (performance.now() - started < delayMs) await new Promise((resolve) => setImmediate(resolve));
    const b = kv.watchPrefix(["b"]).getReader();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await kv.set(["a", 1], 1);
    await kv.set(["b", 1], 1);
    const results = await Promise.allSettled([a.read(), b.read()]);
    for (const result of results) if (result.status === "rejected") failures.push(`${delayMs} ms: ${String(result.reason)}`);
    await kv.close();
  }
  expect(failures).toEqual([]);
});
