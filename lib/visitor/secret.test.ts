// The key visitor cookies are signed with: LIVEKV_SECRET when set (and long enough), else one
// the app creates once in the Kv and every later open of it (a restart, another instance)
// reads back, so the cookies browsers hold stay valid.
import { afterEach, describe, expect, it } from "vitest";
import { uniquePrefix, useKvTestEnv } from "@/lib/kv/test-support";
import { configuredSecret, SecretConfigError, visitorSecret } from "./secret";
import { readVisitorId } from "./visitor-id";
import { visitorCookieHeader } from "./test-support";

const env = useKvTestEnv();
afterEach(() => {
  delete process.env.LIVEKV_SECRET;
});

describe("visitor secret", () => {
  it("is created once in the Kv and read back by a later open of it (a restart, another instance)", async () => {
    const prefix = uniquePrefix("secret");
    const first = await env.open(prefix);
    const secret = await visitorSecret(first);
    expect(secret.length).toBe(32);
    const cookie = await visitorCookieHeader(first, "A".repeat(22));
    await first.close();

    const restarted = await env.open(prefix);
    expect(Buffer.from(await visitorSecret(restarted)).equals(Buffer.from(secret))).toBe(true);
    // The browser's cookie from before the restart still names the same visitor.
    expect(await readVisitorId(new Request("http://app.test/", { headers: { cookie } }), restarted)).toBe("A".repeat(22));
  });

  it("instances that start at once agree on one key", async () => {
    const prefix = uniquePrefix("secret-race");
    const kvs = await Promise.all(Array.from({ length: 5 }, () => env.open(prefix)));
    const secrets = await Promise.all(kvs.map((kv) => visitorSecret(kv)));
    expect(new Set(secrets.map((secret) => Buffer.from(secret).toString("hex"))).size).toBe(1);
  });

  it("each Kv (a keyspace of its own) has its own key", async () => {
    const [a, b] = await Promise.all([visitorSecret(await env.open()), visitorSecret(await env.open())]);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it("LIVEKV_SECRET, when set, is the key; shorter than 32 characters it is refused", async () => {
    const kv = await env.open();
    process.env.LIVEKV_SECRET = "s".repeat(32);
    expect(Buffer.from(await visitorSecret(kv)).toString()).toBe("s".repeat(32));
    process.env.LIVEKV_SECRET = "short";
    expect(() => configuredSecret()).toThrow(SecretConfigError);
    await expect(visitorSecret(kv)).rejects.toThrow(/at least 32 characters/);
  });
});
