import { describe, expect, it } from "vitest";
import { useKvTestEnv, waitFor, withTimeout } from "@/lib/kv/test-support";
import { watchMany } from "./watch-many";

const env = useKvTestEnv();

async function next<T>(iterator: AsyncIterator<T>): Promise<T> {
  const result = await withTimeout(iterator.next(), 5000, "the next state");
  if (result.done) throw new Error("ended while waiting for the next state");
  return result.value;
}

describe("watchMany", () => {
  it("watches more keys than one watch takes, in watches of 10, and gives every entry in order", async () => {
    const kv = await env.open();
    const keys = Array.from({ length: 23 }, (_, i) => ["many", i]);
    await kv.set(["many", 22], "last");
    const states = watchMany<string>(kv, keys);
    const first = await next(states);
    expect(first.map((entry) => entry.key)).toEqual(keys);
    expect(first[22].value).toBe("last");
    expect(first[0].value).toBeNull();
    expect(kv.watchStats().watchers).toBe(3);

    await kv.set(["many", 3], "changed");
    let state = await next(states);
    while (state[3].value !== "changed") state = await next(states);
    expect(state[22].value).toBe("last");

    await states.return?.();
    await waitFor(() => kv.watchStats().watchers === 0, "the watches to be released");
  });

  it("gives an empty state for no keys", async () => {
    const kv = await env.open();
    const states = watchMany(kv, []);
    expect(await next(states)).toEqual([]);
    await states.return?.();
  });

  it("opens nothing when its signal has already aborted", async () => {
    const kv = await env.open();
    const states = watchMany(kv, [["many", 0]], AbortSignal.abort());
    expect(await states.next()).toEqual({ done: true, value: undefined });
    expect(kv.watchStats().watchers).toBe(0);
  });
});
