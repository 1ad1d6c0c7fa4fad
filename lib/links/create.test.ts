// Creating links against a real redis-server: codes, collisions, the visitor's list.
import { describe, expect, it } from "vitest";
import { expectFailure, uniquePrefix, useKvTestEnv } from "@/lib/kv/test-support";
import { IdempotencyError } from "@/lib/idempotency";
import { createLink, createLinkOnce } from "./create";
import { LinkError } from "./errors";
import { linkKey } from "./keys";
import { forgetLink, resolveLink } from "./resolve";
import { listVisitorLinks } from "./visitor-links";

const env = useKvTestEnv();
const ctx = { owner: "visitor-a", appOrigin: "http://localhost:3000" };

function failure(promise: Promise<unknown>): Promise<LinkError> {
  return expectFailure(() => promise, LinkError);
}

describe("createLink", () => {
  it("stores the record under a generated 8-character code of digits and lower-case letters", async () => {
    const kv = await env.open();
    const link = await createLink(kv, { url: "https://example.com/page" }, { ...ctx, now: Date.UTC(2030, 0, 1) });
    expect(link.code).toMatch(/^[0-9a-z]{8}$/);
    expect(link).toMatchObject({
      url: "https://example.com/page",
      createdAt: "2030-01-01T00:00:00.000Z",
      expiresAt: null,
      owner: "visitor-a",
    });
    const stored = await kv.get(linkKey(link.code));
    expect(stored.value).toEqual({
      code: link.code,
      url: link.url,
      createdAt: link.createdAt,
      expiresAt: null,
      owner: "visitor-a",
    });
    expect(stored.versionstamp).toBe(link.versionstamp);
  });

  it("sets expiresAt from expireIn, and never gives the record a TTL (the code stays taken)", async () => {
    const prefix = uniquePrefix("links");
    const kv = await env.open(prefix);
    const now = Date.UTC(2030, 0, 1);
    const link = await createLink(kv, { url: "https://example.com", code: "soon", expireIn: 60_000 }, { ...ctx, now });
    expect(link.expiresAt).toBe("2030-01-01T00:01:00.000Z");
    const dataKey = env.dataKey(prefix, linkKey("soon"));
    expect(await env.redis().exists(dataKey)).toBe(1);
    expect(await env.redis().pttl(dataKey)).toBe(-1);
    forgetLink(kv, "soon");
    expect(await resolveLink(kv, "soon")).toMatchObject({ code: "soon", expiresAt: link.expiresAt });
  });

  it("a custom code that is taken is a 409 code_taken", async () => {
    const kv = await env.open();
    await createLink(kv, { url: "https://a.example", code: "promo" }, ctx);
    const error = await failure(createLink(kv, { url: "https://b.example", code: "promo" }, { ...ctx, owner: "visitor-b" }));
    expect(error.code).toBe("code_taken");
    expect(error.status).toBe(409);
    expect((await resolveLink(kv, "promo"))?.url).toBe("https://a.example/");
  });

  it("two creators racing for one custom code: exactly one wins", async () => {
    const kv = await env.open();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => createLink(kv, { url: `https://site${i}.example`, code: "race" }, { ...ctx, owner: `v${i}` })),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const r of lost) expect((r.reason as LinkError).code).toBe("code_taken");
    // Only the winner's visitor list has the link.
    const owners = await Promise.all(Array.from({ length: 20 }, (_, i) => listVisitorLinks(kv, `v${i}`)));
    expect(owners.flat()).toHaveLength(1);
  });

  it("a generated code that collides is retried with a fresh one", async () => {
    const kv = await env.open();
    await createLink(kv, { url: "https://first.example", code: "aaaaaaa" }, ctx);
    const codes = ["aaaaaaa", "aaaaaaa", "bbbbbbb"];
    const link = await createLink(kv, { url: "https://second.example" }, { ...ctx, generateCode: () => codes.shift() ?? "zzzzzzz" });
    expect(link.code).toBe("bbbbbbb");
    expect(codes).toEqual([]);
    expect((await resolveLink(kv, "aaaaaaa"))?.url).toBe("https://first.example/");
  });

  it("gives up with codes_exhausted (503) after five collisions in a row", async () => {
    const kv = await env.open();
    await createLink(kv, { url: "https://first.example", code: "ccccccc" }, ctx);
    let calls = 0;
    const error = await failure(
      createLink(kv, { url: "https://x.example" }, { ...ctx, generateCode: () => (calls++, "ccccccc") }),
    );
    expect(error.code).toBe("codes_exhausted");
    expect(error.status).toBe(503);
    expect(calls).toBe(5);
  });

  it("validates before writing anything", async () => {
    const kv = await env.open();
    expect((await failure(createLink(kv, { url: "javascript:alert(1)" }, ctx))).code).toBe("invalid_url");
    expect((await failure(createLink(kv, { url: "https://a.example", code: "api" }, ctx))).code).toBe("reserved_code");
    expect((await failure(createLink(kv, { url: "https://a.example", code: "a b" }, ctx))).code).toBe("invalid_code");
    expect((await failure(createLink(kv, { url: "https://a.example", expireIn: 5 }, ctx))).code).toBe("invalid_expiry");
    expect((await failure(createLink(kv, { url: "http://localhost:3000/s/abc" }, ctx))).code).toBe("invalid_url");
    expect(await listVisitorLinks(kv, ctx.owner)).toEqual([]);
  });

  it("an empty custom code means a generated one", async () => {
    const kv = await env.open();
    const link = await createLink(kv, { url: "https://a.example", code: "" }, ctx);
    expect(link.code).toMatch(/^[0-9a-z]{8}$/);
  });
});

describe("createLinkOnce with a clientId", () => {
  const input = { url: "https://retry.example/page", clientId: "retry-link-0001" };

  it("a repeat returns the first link, created false: one link, one entry in the visitor's list", async () => {
    const kv = await env.open();
    const first = await createLinkOnce(kv, input, ctx);
    const again = await createLinkOnce(kv, input, ctx);
    expect(first.created).toBe(true);
    expect(again).toEqual({ created: false, link: first.link });
    expect((await listVisitorLinks(kv, ctx.owner)).map((link) => link.code)).toEqual([first.link.code]);
  });

  it("a repeat of a custom-code create answers with the link, not code_taken", async () => {
    const kv = await env.open();
    const custom = { ...input, code: "mine-once" };
    const first = await createLinkOnce(kv, custom, ctx);
    expect(await createLinkOnce(kv, custom, ctx)).toEqual({ created: false, link: first.link });
  });

  it("concurrent twins (a double click, on two app instances): one link, both answered with it", async () => {
    const prefix = uniquePrefix("links-twins");
    const [a, b] = [await env.open(prefix), await env.open(prefix)];
    const results = await Promise.all([createLinkOnce(a, input, ctx), createLinkOnce(b, input, ctx)]);
    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    expect(results[0].link.code).toBe(results[1].link.code);
    expect(await listVisitorLinks(a, ctx.owner)).toHaveLength(1);
  });

  it("the same clientId with another URL is 422 client_id_reused, and nothing more is created", async () => {
    const kv = await env.open();
    await createLinkOnce(kv, input, ctx);
    const error = await expectFailure(() => createLinkOnce(kv, { ...input, url: "https://other.example/" }, ctx), IdempotencyError);
    expect([error.status, error.code]).toEqual([422, "client_id_reused"]);
    expect(await listVisitorLinks(kv, ctx.owner)).toHaveLength(1);
  });

  it("another visitor's identical clientId makes its own link", async () => {
    const kv = await env.open();
    const mine = await createLinkOnce(kv, input, ctx);
    const theirs = await createLinkOnce(kv, input, { ...ctx, owner: "visitor-b" });
    expect(theirs.created).toBe(true);
    expect(theirs.link.code).not.toBe(mine.link.code);
  });
});

describe("listVisitorLinks", () => {
  it("lists a visitor's own links, newest first, with click counts", async () => {
    const kv = await env.open();
    const a = await createLink(kv, { url: "https://a.example" }, { ...ctx, now: 1_000_000 });
    const b = await createLink(kv, { url: "https://b.example", expireIn: 1000 }, { ...ctx, now: 2_000_000 });
    await createLink(kv, { url: "https://c.example" }, { ...ctx, owner: "someone-else" });
    await kv.atomic().sum(["link_clicks", a.code], 3n).commit();
    const links = await listVisitorLinks(kv, ctx.owner, 2_500_000);
    expect(links).toEqual([
      { code: b.code, url: "https://b.example/", createdAt: b.createdAt, expiresAt: b.expiresAt, expired: true, paused: false, clicks: 0 },
      { code: a.code, url: "https://a.example/", createdAt: a.createdAt, expiresAt: null, expired: false, paused: false, clicks: 3 },
    ]);
    expect(await listVisitorLinks(kv, "nobody")).toEqual([]);
  });

  it("returns at most 100 links", async () => {
    const kv = await env.open();
    for (let i = 0; i < 105; i++) await createLink(kv, { url: `https://s${i}.example` }, { ...ctx, now: 1_000_000 + i });
    const links = await listVisitorLinks(kv, ctx.owner);
    expect(links).toHaveLength(100);
    expect(links[0].url).toBe("https://s104.example/");
  });
});
