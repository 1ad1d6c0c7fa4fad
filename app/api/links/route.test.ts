// The links API route handlers, called as Next calls them (a Request in, a Response out),
// against a real redis-server that the app's getKv() connects to through REDIS_URL.
import { describe, expect, it } from "vitest";
import { errorOf, jsonPost } from "@/lib/http/test-support";
import { waitFor } from "@/lib/kv/test-support";
import { createLink, LINK_RATE_RULES } from "@/lib/links";
import { getKv } from "@/lib/server/kv";
import { useAppRedis } from "@/lib/server/test-support";
import { newVisitorId } from "@/lib/visitor";
import { visitorCookieHeader } from "@/lib/visitor/test-support";
import { BodyReader, parseEvents } from "@/lib/sse/test-support";
import { DELETE as deleteLinkRoute, GET as getStats, PATCH as patchLink } from "./[code]/route";
import { POST as makeKey } from "../visitor/key/route";
import { POST as restore } from "../visitor/restore/route";
import { GET as getStatsEvents } from "./[code]/events/route";
import { GET as getCountEvents } from "./events/route";
import { GET as listLinks, POST as postLink } from "./route";
import { GET as redirect } from "../../s/[code]/route";

const ORIGIN = "http://app.test";
useAppRedis();

const params = (code: string) => ({ params: Promise.resolve({ code }) });
const post = (body: unknown, headers: Record<string, string> = {}) => jsonPost(`${ORIGIN}/api/links`, body, headers);
const cookieOf = (response: Response) => (response.headers.get("set-cookie") ?? "").split(";")[0];

describe("POST /api/links", () => {
  it("201 with the link, its short URL and a new visitor cookie", async () => {
    const response = await postLink(post({ url: "https://example.com/a" }));
    expect(response.status).toBe(201);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({
      code: expect.stringMatching(/^[0-9a-z]{8}$/),
      url: "https://example.com/a",
      shortUrl: `${ORIGIN}/s/${String(body.code)}`,
      createdAt: expect.any(String),
      expiresAt: null,
    });
    expect(response.headers.get("set-cookie")).toMatch(/^lkv_vid=[\w-]{22}\.[\w-]{22}; Path=\/; .*HttpOnly; SameSite=Lax/);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("a returning visitor keeps its cookie, and GET /api/links lists its links with counts", async () => {
    const first = await postLink(post({ url: "https://one.example/" }));
    const cookie = cookieOf(first);
    const second = await postLink(post({ url: "https://two.example/", code: "my-two", expireIn: 3_600_000 }, { cookie }));
    expect(second.status).toBe(201);
    expect(second.headers.get("set-cookie")).toBeNull();
    expect(((await second.json()) as { expiresAt: string }).expiresAt).toMatch(/Z$/);

    await redirect(new Request(`${ORIGIN}/s/my-two`, { headers: { "user-agent": "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0" } }), params("my-two"));
    const list = await listLinks(new Request(`${ORIGIN}/api/links`, { headers: { cookie } }));
    const { links } = (await list.json()) as { links: { code: string; url: string; clicks: number; shortUrl: string }[] };
    expect(links.map((l) => [l.url, l.clicks])).toEqual([
      ["https://two.example/", 1],
      ["https://one.example/", 0],
    ]);
    expect(links[0].shortUrl).toBe(`${ORIGIN}/s/my-two`);
  });

  it("GET /api/links without a cookie is an empty list and sets no cookie", async () => {
    const response = await listLinks(new Request(`${ORIGIN}/api/links`));
    expect(await response.json()).toEqual({ links: [] });
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("409 code_taken for a custom code in use", async () => {
    expect((await postLink(post({ url: "https://a.example/", code: "taken1" }))).status).toBe(201);
    const { status, code } = await errorOf(await postLink(post({ url: "https://b.example/", code: "taken1" })));
    expect([status, code]).toEqual([409, "code_taken"]);
  });

  it.each([
    [{ url: "javascript:alert(1)" }, 422, "invalid_url"],
    [{ url: "data:text/html,hi" }, 422, "invalid_url"],
    [{ url: "file:///etc/passwd" }, 422, "invalid_url"],
    [{ url: "/relative" }, 422, "invalid_url"],
    [{ url: `https://example.com/${"a".repeat(2100)}` }, 422, "invalid_url"],
    [{ url: `${ORIGIN}/s/abc` }, 422, "invalid_url"],
    [{ url: "https://example.com", code: "api" }, 422, "reserved_code"],
    [{ url: "https://example.com", code: "no way" }, 422, "invalid_code"],
    [{ url: "https://example.com", expireIn: 10 }, 422, "invalid_expiry"],
    [{ url: "https://example.com", expireIn: "1h" }, 422, "validation_failed"],
    [{}, 422, "validation_failed"],
    [{ url: 42 }, 422, "validation_failed"],
    ["[]", 422, "validation_failed"],
    ["{not json", 400, "invalid_json"],
  ])("%j → %i %s", async (body, status, code) => {
    const error = await errorOf(await postLink(post(body)));
    expect([error.status, error.code]).toEqual([status, code]);
    expect(error.message.length).toBeGreaterThan(0);
  });

  it("a Host of the creator's choosing cannot pass this machine's own short links off as another site's", async () => {
    // The review's repro: created "from" evil.example, the link leads back to itself here.
    const forged = { host: "evil.example" };
    for (const url of ["http://127.0.0.1:3207/s/rvloop1", "http://localhost:3000/s/rvloop1", "http://[::1]/s/x", "http://0.0.0.0:3000/s/x"]) {
      const error = await errorOf(await postLink(post({ url, code: "rvloop1" }, forged)));
      expect({ url, status: error.status, code: error.code, message: error.message }).toEqual({
        url,
        status: 422,
        code: "invalid_url",
        message: "That is already a short link of this site.",
      });
    }
    // Nothing was stored under the code: it is still free to take.
    expect((await postLink(post({ url: "https://example.com/", code: "rvloop1" }, forged))).status).toBe(201);
  });

  it("a clientId sent again: 200 with the first link, no second link; another URL with it is 422", async () => {
    const cookie = await visitorCookieHeader(await getKv());
    const body = { url: "https://once.example/", clientId: crypto.randomUUID() };
    const first = await postLink(post(body, { cookie }));
    expect(first.status).toBe(201);
    const again = await postLink(post(body, { cookie }));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(await first.json());
    const list = await listLinks(new Request(`${ORIGIN}/api/links`, { headers: { cookie } }));
    expect(((await list.json()) as { links: unknown[] }).links).toHaveLength(1);
    const reused = await errorOf(await postLink(post({ ...body, url: "https://other.example/" }, { cookie })));
    expect([reused.status, reused.code]).toEqual([422, "client_id_reused"]);
    const bad = await errorOf(await postLink(post({ ...body, clientId: "no good" }, { cookie })));
    expect([bad.status, bad.code]).toEqual([422, "invalid_client_id"]);
  });

  it("a first visit's create retried without the cookie its lost answer carried still makes one link", async () => {
    const body = { url: "https://first-visit.example/", clientId: crypto.randomUUID() };
    const first = await postLink(post(body));
    const retry = await postLink(post(body));
    expect([first.status, retry.status]).toEqual([201, 200]);
    expect(((await retry.json()) as { code: string }).code).toBe(((await first.json()) as { code: string }).code);
  });

  it("413 for a body over 16 KiB, 415 for a non-JSON content type", async () => {
    expect((await postLink(post({ url: "https://example.com", pad: "x".repeat(17_000) }))).status).toBe(413);
    const form = new Request(`${ORIGIN}/api/links`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "url=https://example.com",
    });
    expect((await errorOf(await postLink(form))).code).toBe("unsupported_media_type");
  });
});

describe("GET /api/links/{code}", () => {
  it("the stats, with the short URL", async () => {
    const created = (await (await postLink(post({ url: "https://stats.example/" }))).json()) as { code: string };
    const response = await getStats(new Request(`${ORIGIN}/api/links/${created.code}`), params(created.code));
    expect(response.status).toBe(200);
    const stats = (await response.json()) as Record<string, unknown>;
    expect(stats).toMatchObject({ clicks: 0, botHits: 0, shortUrl: `${ORIGIN}/s/${created.code}` });
    expect(stats.link).toMatchObject({ code: created.code, url: "https://stats.example/", expired: false });
    expect(stats.link).not.toHaveProperty("owner");
    expect((stats.minutes as { counts: unknown[] }).counts).toHaveLength(60);
  });

  it("owner: true for the visitor who created the link only, and no owner id", async () => {
    const created = await postLink(post({ url: "https://mine.example/" }));
    const { code } = (await created.json()) as { code: string };
    const read = async (headers: Record<string, string>) =>
      (await (await getStats(new Request(`${ORIGIN}/api/links/${code}`, { headers }), params(code))).json()) as Record<string, unknown>;
    const mine = await read({ cookie: cookieOf(created) });
    expect(mine.owner).toBe(true);
    expect(JSON.stringify(mine)).not.toContain(cookieOf(created).split("=")[1].split(".")[0]);
    expect((await read({ cookie: await visitorCookieHeader(await getKv()) })).owner).toBe(false);
    expect((await read({})).owner).toBe(false);
  });

  it("404 not_found for an unknown or impossible code", async () => {
    for (const code of ["nothere", "a b", "x".repeat(100)]) {
      const error = await errorOf(await getStats(new Request(`${ORIGIN}/api/links/x`), params(code)));
      expect([error.status, error.code]).toEqual([404, "not_found"]);
    }
  });
});

describe("GET /api/links/{code}/events", () => {
  it("streams the stats now and after each click, then lets go of the watch when the client leaves", async () => {
    const kv = await getKv();
    const link = await createLink(kv, { url: "https://live.example/" }, { owner: "o", appOrigin: ORIGIN });
    const client = new AbortController();
    const response = await getStatsEvents(
      new Request(`${ORIGIN}/api/links/${link.code}/events`, { signal: client.signal }),
      params(link.code),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const body = new BodyReader(response);
    await body.until(/"type":"stats"/);
    const [first] = parseEvents(body.text);
    expect(first.type).toBe("stats");
    expect((first.data as { clicks: number }).clicks).toBe(0);
    expect(first.id).toBe((first.data as { versionstamp: string }).versionstamp);

    const hit = await redirect(
      new Request(`${ORIGIN}/s/${link.code}`, {
        headers: { "user-agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0 Safari/537.36", referer: "https://ref.example/x" },
      }),
      params(link.code),
    );
    expect(hit.status).toBe(302);
    await body.until(/"clicks":1/);
    const events = parseEvents(body.text);
    const last = events[events.length - 1];
    expect(last.data).toMatchObject({ clicks: 1, referrers: [{ name: "ref.example", n: 1 }] });
    expect((last.id ?? "") > (first.id ?? "")).toBe(true);

    expect(kv.watchStats().watchers).toBe(1);
    client.abort();
    await waitFor(() => kv.watchStats().watchers === 0, "the watch to be released");
  });

  it("404 for an unknown code (no stream)", async () => {
    const response = await getStatsEvents(new Request(`${ORIGIN}/api/links/nope/events`), params("nopenope"));
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/json/);
  });
});

describe("GET /api/links/events?codes=", () => {
  it("streams the counts of the given codes", async () => {
    const kv = await getKv();
    const a = await createLink(kv, { url: "https://a.example/" }, { owner: "o", appOrigin: ORIGIN });
    const b = await createLink(kv, { url: "https://b.example/" }, { owner: "o", appOrigin: ORIGIN });
    const client = new AbortController();
    const response = await getCountEvents(
      new Request(`${ORIGIN}/api/links/events?codes=${a.code},${b.code}`, { signal: client.signal }),
    );
    const body = new BodyReader(response);
    await body.until(/"type":"counts"/);
    expect(parseEvents(body.text)[0].data).toEqual({ [a.code]: 0, [b.code]: 0 });
    await redirect(new Request(`${ORIGIN}/s/${b.code}`, { headers: { "user-agent": "Mozilla/5.0 Firefox/120.0" } }), params(b.code));
    await body.until(new RegExp(`"${b.code}":1`));
    client.abort();
    await waitFor(() => kv.watchStats().watchers === 0, "the watches to be released");
  });

  it("422 for bad codes or more than 50", async () => {
    const bad = await getCountEvents(new Request(`${ORIGIN}/api/links/events?codes=ok1,bad%20code`));
    expect((await errorOf(bad)).code).toBe("invalid_codes");
    const many = Array.from({ length: 51 }, (_, i) => `code${i}`).join(",");
    expect((await getCountEvents(new Request(`${ORIGIN}/api/links/events?codes=${many}`))).status).toBe(422);
  });
});

describe("POST /api/links rate limits", () => {
  const withCookie = async (visitor: string) => ({ cookie: await visitorCookieHeader(await getKv(), visitor) });

  it("429 with Retry-After once a visitor has created its share this minute; a mistake costs nothing", async () => {
    const visitor = newVisitorId();
    // Invalid input is refused before the limiter: these spend no token.
    for (let i = 0; i < 5; i++) expect((await postLink(post({ url: "ftp://nope.example" }, await withCookie(visitor)))).status).toBe(422);
    const { limit } = LINK_RATE_RULES.create;
    let refused: Response | null = null;
    let created = 0;
    // If the minute's window rolls over mid-test the count starts again: at most twice.
    while (refused === null && created <= 2 * limit) {
      const response = await postLink(post({ url: `https://example.com/r${created}` }, await withCookie(visitor)));
      if (response.status === 429) refused = response;
      else {
        expect(response.status).toBe(201);
        created++;
      }
    }
    expect(created).toBeGreaterThanOrEqual(limit);
    expect(refused).not.toBeNull();
    expect(Number(refused?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await errorOf(refused as Response)).toMatchObject({ status: 429, code: "rate_limited" });
    // Another visitor is not affected.
    expect((await postLink(post({ url: "https://example.com/other" }, await withCookie(newVisitorId())))).status).toBe(201);
  });
});

describe("PATCH and DELETE /api/links/{code}", () => {
  const patch = (code: string, body: unknown, headers: Record<string, string> = {}) =>
    new Request(`${ORIGIN}/api/links/${code}`, { method: "PATCH", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const remove = (code: string, headers: Record<string, string> = {}) => new Request(`${ORIGIN}/api/links/${code}`, { method: "DELETE", headers });

  it("the owner edits the target (https:// added), pauses (the redirect becomes a page saying so) and deletes (404 after)", async () => {
    const created = await postLink(post({ url: "example.com/first" }));
    const cookie = cookieOf(created);
    const { code, url } = (await created.json()) as { code: string; url: string };
    expect(url).toBe("https://example.com/first");

    const edited = await patchLink(patch(code, { url: "example.org/second" }, { cookie }), params(code));
    expect(edited.status).toBe(200);
    expect(await edited.json()).toMatchObject({ code, url: "https://example.org/second", paused: false });
    expect((await redirect(new Request(`${ORIGIN}/s/${code}`), params(code))).headers.get("location")).toBe("https://example.org/second");

    expect((await patchLink(patch(code, { paused: true }, { cookie }), params(code))).status).toBe(200);
    const paused = await redirect(new Request(`${ORIGIN}/s/${code}`), params(code));
    expect(paused.status).toBe(404);
    expect(paused.headers.get("location")).toBeNull();
    expect(await paused.text()).toMatch(/This short link is paused/);

    const deleted = await deleteLinkRoute(remove(code, { cookie }), params(code));
    expect(deleted.status).toBe(204);
    expect((await redirect(new Request(`${ORIGIN}/s/${code}`), params(code))).status).toBe(404);
    expect((await errorOf(await getStats(new Request(`${ORIGIN}/api/links/${code}`), params(code)))).code).toBe("not_found");
    const list = await listLinks(new Request(`${ORIGIN}/api/links`, { headers: { cookie } }));
    expect(await list.json()).toEqual({ links: [] });
  });

  it("403 not_owner for another visitor or no cookie, and nothing changes; 422 for a bad body; 404 for an unknown code", async () => {
    const created = await postLink(post({ url: "https://owned.example/" }));
    const { code } = (await created.json()) as { code: string };
    const stranger = { cookie: await visitorCookieHeader(await getKv()) };
    for (const headers of [stranger, {}]) {
      expect(await errorOf(await patchLink(patch(code, { paused: true }, headers), params(code)))).toMatchObject({ status: 403, code: "not_owner" });
      expect(await errorOf(await deleteLinkRoute(remove(code, headers), params(code)))).toMatchObject({ status: 403, code: "not_owner" });
    }
    expect((await redirect(new Request(`${ORIGIN}/s/${code}`), params(code))).status).toBe(302);
    const cookie = cookieOf(created);
    expect((await errorOf(await patchLink(patch(code, { paused: "yes" }, { cookie }), params(code)))).status).toBe(422);
    expect((await errorOf(await patchLink(patch(code, {}, { cookie }), params(code)))).code).toBe("nothing_to_change");
    expect((await errorOf(await patchLink(patch(code, { url: "javascript:alert(1)" }, { cookie }), params(code)))).code).toBe("invalid_url");
    expect((await errorOf(await deleteLinkRoute(remove("nothere", { cookie }), params("nothere")))).status).toBe(404);
  });

  it("a viewer's stats stream carries an edit and a pause at once, and ends when the link is deleted", async () => {
    const created = await postLink(post({ url: "https://watched.example/" }));
    const cookie = cookieOf(created);
    const { code } = (await created.json()) as { code: string };
    const client = new AbortController();
    const stream = await getStatsEvents(new Request(`${ORIGIN}/api/links/${code}/events`, { signal: client.signal }), params(code));
    const body = new BodyReader(stream);
    await body.until(/"type":"stats"/);
    await patchLink(patch(code, { url: "https://moved.example/", paused: true }, { cookie }), params(code));
    await body.until(/"url":"https:\/\/moved.example\/"[^}]*"paused":true/);
    await deleteLinkRoute(remove(code, { cookie }), params(code));
    const kv = await getKv();
    await waitFor(() => kv.watchStats().watchers === 0, "the deleted link's feed to end");
    client.abort();
  });

  it("a custom code that differs from a taken one only in case is 409; any case of it redirects", async () => {
    expect((await postLink(post({ url: "https://ux.example/", code: "UX-DEMO" }))).status).toBe(201);
    expect((await errorOf(await postLink(post({ url: "https://other.example/", code: "ux-demo" })))).code).toBe("code_taken");
    expect((await redirect(new Request(`${ORIGIN}/s/Ux-Demo`), params("Ux-Demo"))).headers.get("location")).toBe("https://ux.example/");
  });
});

describe("the private key that brings a visitor's links back", () => {
  it("a browser without cookies that opens the key becomes the visitor and lists its links; a newer key replaces it", async () => {
    const created = await postLink(post({ url: "https://kept.example/" }));
    const cookie = cookieOf(created);
    expect((await errorOf(await makeKey(new Request(`${ORIGIN}/api/visitor/key`, { method: "POST" })))).code).toBe("no_visitor");
    const keyAnswer = await makeKey(new Request(`${ORIGIN}/api/visitor/key`, { method: "POST", headers: { cookie } }));
    expect(keyAnswer.status).toBe(201);
    const { key, url } = (await keyAnswer.json()) as { key: string; url: string };
    expect(url).toBe(`${ORIGIN}/links/restore#${key}`);

    const restored = await restore(jsonPost(`${ORIGIN}/api/visitor/restore`, { key }));
    expect(restored.status).toBe(200);
    const newCookie = cookieOf(restored);
    const list = await listLinks(new Request(`${ORIGIN}/api/links`, { headers: { cookie: newCookie } }));
    expect(((await list.json()) as { links: { url: string }[] }).links.map((l) => l.url)).toEqual(["https://kept.example/"]);

    await makeKey(new Request(`${ORIGIN}/api/visitor/key`, { method: "POST", headers: { cookie } }));
    expect(await errorOf(await restore(jsonPost(`${ORIGIN}/api/visitor/restore`, { key })))).toMatchObject({ status: 404, code: "unknown_key" });
    expect((await errorOf(await restore(jsonPost(`${ORIGIN}/api/visitor/restore`, { key: "nope" })))).code).toBe("unknown_key");
  });
});
