// The visitor cookie, against a real redis-server (where the signing key lives): made once,
// read back, and anything the server did not sign — a made-up id, an altered MAC, another
// server's cookie — is a new visitor.
import { afterEach, describe, expect, it } from "vitest";
import { useKvTestEnv } from "@/lib/kv/test-support";
import { getVisitorId, newVisitorId, readVisitorId, VISITOR_COOKIE } from "./visitor-id";
import { visitorCookieHeader } from "./test-support";

const env = useKvTestEnv();
afterEach(() => {
  delete process.env.LIVEKV_SECRET;
});

const withCookie = (value: string) => new Request("http://app.test/", { headers: { cookie: `${VISITOR_COOKIE}=${value}` } });

/** The cookie value a response's Set-Cookie gives the browser. */
const valueOf = (setCookie: string | null): string => /^lkv_vid=([^;]+);/.exec(setCookie ?? "")?.[1] ?? "";

describe("visitor id", () => {
  it("a request without the cookie gets a new id and a signed cookie for it", async () => {
    const kv = await env.open();
    const visitor = await getVisitorId(new Request("http://app.test/api/links"), kv);
    expect(visitor.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(visitor.setCookie).toMatch(
      new RegExp(`^${VISITOR_COOKIE}=${visitor.id}\\.[A-Za-z0-9_-]{22}; Path=/; Max-Age=34560000; HttpOnly; SameSite=Lax$`),
    );
  });

  it("the cookie is Secure over https", async () => {
    const visitor = await getVisitorId(new Request("https://app.test/api/links"), await env.open());
    expect(visitor.setCookie).toMatch(/; Secure$/);
  });

  it("a request with the cookie keeps its id and sets nothing", async () => {
    const kv = await env.open();
    const first = await getVisitorId(new Request("http://app.test/"), kv);
    const again = await getVisitorId(
      new Request("http://app.test/", {
        headers: { cookie: `theme=dark; ${VISITOR_COOKIE}=${valueOf(first.setCookie)}; x=1` },
      }),
      kv,
    );
    expect(again).toEqual({ id: first.id, setCookie: null });
  });

  it("a made-up id (the unsigned cookie of old) is a new visitor", async () => {
    const kv = await env.open();
    const madeUp = newVisitorId();
    expect(await readVisitorId(withCookie(madeUp), kv)).toBeNull();
    const visitor = await getVisitorId(withCookie(madeUp), kv);
    expect(visitor.id).not.toBe(madeUp);
    expect(visitor.setCookie).not.toBeNull();
  });

  it("an altered MAC, or one id's MAC on another id, is a new visitor", async () => {
    const kv = await env.open();
    const real = valueOf((await getVisitorId(new Request("http://app.test/"), kv)).setCookie);
    const [id, mac] = real.split(".");
    expect(await readVisitorId(withCookie(real), kv)).toBe(id);
    // Every character of the MAC matters, the last one (which holds 2 spare bits) included.
    for (const at of [0, 10, 21]) {
      const flipped = mac.slice(0, at) + (mac[at] === "A" ? "B" : "A") + mac.slice(at + 1);
      expect(await readVisitorId(withCookie(`${id}.${flipped}`), kv), `MAC changed at ${at}`).toBeNull();
    }
    expect(await readVisitorId(withCookie(`${newVisitorId()}.${mac}`), kv)).toBeNull();
    expect(await readVisitorId(withCookie(`${id}.`), kv)).toBeNull();
    expect(await readVisitorId(withCookie(`${id}.${mac}x`), kv)).toBeNull();
    expect(await readVisitorId(withCookie("../../etc"), kv)).toBeNull();
  });

  it("a cookie signed under another key (another Kv, or LIVEKV_SECRET) is a new visitor", async () => {
    const [ours, theirs] = [await env.open(), await env.open()];
    const id = newVisitorId();
    const theirCookie = await visitorCookieHeader(theirs, id);
    const request = new Request("http://app.test/", { headers: { cookie: theirCookie } });
    expect(await readVisitorId(request, theirs)).toBe(id);
    expect(await readVisitorId(request, ours)).toBeNull();
    process.env.LIVEKV_SECRET = "x".repeat(32);
    expect(await readVisitorId(request, theirs)).toBeNull();
  });
});
