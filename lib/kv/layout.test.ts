// A Kv on one Redis keeps the layout it always had (layout.ts), so data written before Kvs
// could span a Cluster is read as it is, with no migration.
import { describe, expect, it } from "vitest";
import { encodeKey } from "./key-codec";
import { backend, uniquePrefix, useKvTestEnv } from "./test-support";
import { encodeValue } from "./value-codec";

const env = useKvTestEnv();

describe.skipIf(backend === "cluster")("the single-node layout", () => {
  it("is <prefix>:d:<hex key>, <prefix>:i and <prefix>:v, byte for byte", async () => {
    const prefix = uniquePrefix("layout");
    const kv = await env.open(prefix);
    const { versionstamp } = await kv.set(["a", 1], "x");
    const hex = Buffer.from(encodeKey(["a", 1])).toString("hex");
    const redis = env.redis();
    expect((await redis.keys(`${prefix}*`)).sort()).toEqual([`${prefix}:d:${hex}`, `${prefix}:i`, `${prefix}:v`]);
    expect(await redis.get(`${prefix}:v`)).toBe("1");
    expect(await redis.zrange(`${prefix}:i`, 0, -1)).toEqual([hex]);
    expect((await redis.getBuffer(`${prefix}:d:${hex}`))?.subarray(0, 20).toString()).toBe(versionstamp);
  });

  it("reads data written in that layout by an earlier version", async () => {
    const prefix = uniquePrefix("layout");
    const redis = env.redis();
    const hex = Buffer.from(encodeKey(["old"])).toString("hex");
    // The stored value: its versionstamp, then the encoded value.
    await redis.set(`${prefix}:d:${hex}`, Buffer.concat([Buffer.from("00000000000000070000"), encodeValue("v")]));
    await redis.zadd(`${prefix}:i`, 0, hex);
    await redis.set(`${prefix}:v`, "7");
    const kv = await env.open(prefix);
    expect(await kv.get(["old"])).toEqual({ key: ["old"], value: "v", versionstamp: "00000000000000070000" });
    expect((await kv.list({ prefix: [] }).next()).value?.key).toEqual(["old"]);
    expect((await kv.set(["new"], 1)).versionstamp).toBe("00000000000000080000");
  });
});
