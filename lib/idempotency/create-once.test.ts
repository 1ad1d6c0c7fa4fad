// clientIds against a real redis-server: remembered in the create's own commit for 24 hours,
// found again by the same requester with the same request, refused with a different one.
import { describe, expect, it } from "vitest";
import { expectFailure, useKvTestEnv } from "@/lib/kv/test-support";
import { encodeKey } from "@/lib/kv/key-codec";
import { CLIENT_ID_TTL_MS, createdBefore, createRequest, IdempotencyError, rememberCreated } from "./index";

const env = useKvTestEnv();
const visitor = { id: "visitor-a", isNew: false };

describe("createRequest / createdBefore / rememberCreated", () => {
  it("the id is remembered by the create's own commit (one versionstamp), for 24 hours", async () => {
    const prefix = `idem-${Date.now()}`;
    const kv = await env.open(prefix);
    const request = createRequest("thing_client_ids", ["a thing"], { clientId: "client-id-0001", scope: visitor });
    expect(await createdBefore(kv, request)).toBeNull();
    const result = await rememberCreated(kv.atomic().set(["things", "t1"], "a thing"), request, "t1").commit();
    expect(result.ok).toBe(true);
    expect(await createdBefore(kv, request)).toBe("t1");
    const key = request.key ?? [];
    expect((await kv.get(key)).versionstamp).toBe((await kv.get(["things", "t1"])).versionstamp);
    const ttl = await env.redis().pttl(`${prefix}:d:${Buffer.from(encodeKey(key)).toString("hex")}`);
    expect(ttl).toBeGreaterThan(CLIENT_ID_TTL_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(CLIENT_ID_TTL_MS);
  });

  it("a clientId can be kept under a key prefix (the id of what the create belongs to)", async () => {
    const kv = await env.open();
    const request = createRequest(["thing_client_ids", "box-1"], ["a thing"], { clientId: "client-id-0009", scope: visitor });
    expect(request.key).toEqual(["thing_client_ids", "box-1", "v:visitor-a", "client-id-0009"]);
    await rememberCreated(kv.atomic(), request, "t9").commit();
    expect(await createdBefore(kv, request)).toBe("t9");
    const elsewhere = createRequest(["thing_client_ids", "box-2"], ["a thing"], { clientId: "client-id-0009", scope: visitor });
    expect(await createdBefore(kv, elsewhere)).toBeNull();
  });

  it("a second commit with the same clientId fails as a whole: its thing is not written", async () => {
    const kv = await env.open();
    const request = createRequest("thing_client_ids", ["a thing"], { clientId: "client-id-0002", scope: visitor });
    await rememberCreated(kv.atomic().set(["things", "t1"], 1), request, "t1").commit();
    const second = await rememberCreated(kv.atomic().set(["things", "t2"], 2), request, "t2").commit();
    expect(second.ok).toBe(false);
    expect((await kv.get(["things", "t2"])).versionstamp).toBeNull();
  });

  it("the same clientId with a different request is refused with 422 client_id_reused", async () => {
    const kv = await env.open();
    const first = createRequest("thing_client_ids", ["a thing"], { clientId: "client-id-0003", scope: visitor });
    await rememberCreated(kv.atomic(), first, "t1").commit();
    const other = createRequest("thing_client_ids", ["another thing"], { clientId: "client-id-0003", scope: visitor });
    const error = await expectFailure(() => createdBefore(kv, other), IdempotencyError);
    expect([error.status, error.code]).toEqual([422, "client_id_reused"]);
  });

  it("scoped to the requester: another visitor's clientId is its own; cookie-less requests share one scope", async () => {
    const kv = await env.open();
    const asked = ["a thing"];
    const mine = createRequest("thing_client_ids", asked, { clientId: "client-id-0004", scope: visitor });
    await rememberCreated(kv.atomic(), mine, "t1").commit();
    const theirs = createRequest("thing_client_ids", asked, { clientId: "client-id-0004", scope: { id: "visitor-b", isNew: false } });
    expect(await createdBefore(kv, theirs)).toBeNull();

    // A new visitor's retry comes without the cookie its lost answer carried: a new id again.
    const first = createRequest("thing_client_ids", asked, { clientId: "client-id-0005", scope: { id: "new-1", isNew: true } });
    await rememberCreated(kv.atomic(), first, "t2").commit();
    const retry = createRequest("thing_client_ids", asked, { clientId: "client-id-0005", scope: { id: "new-2", isNew: true } });
    expect(await createdBefore(kv, retry)).toBe("t2");
  });

  it("without a clientId nothing is remembered; a malformed one is 422 invalid_client_id", async () => {
    const kv = await env.open();
    const none = createRequest("thing_client_ids", ["a thing"], { clientId: null, scope: visitor });
    expect(none.key).toBeNull();
    expect(createRequest("thing_client_ids", ["a thing"], null).key).toBeNull();
    await rememberCreated(kv.atomic(), none, "t1").commit();
    expect(await collectKeys(kv)).toEqual([]);
    for (const clientId of ["short", "has spaces in it", "x".repeat(65)]) {
      const error = await expectFailure(() => createRequest("thing_client_ids", [], { clientId, scope: visitor }), IdempotencyError);
      expect([error.status, error.code]).toEqual([422, "invalid_client_id"]);
    }
  });
});

async function collectKeys(kv: Awaited<ReturnType<typeof env.open>>): Promise<unknown[]> {
  const keys: unknown[] = [];
  for await (const entry of kv.list({ prefix: [] })) keys.push(entry.key);
  return keys;
}
