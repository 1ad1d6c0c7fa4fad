// The visitor cookie: made once, read back, forged values ignored.
import { describe, expect, it } from "vitest";
import { getVisitorId, readVisitorId, VISITOR_COOKIE } from "./visitor-id";

describe("visitor id", () => {
  it("a request without the cookie gets a new id and a Set-Cookie for it", () => {
    const visitor = getVisitorId(new Request("http://app.test/api/links"));
    expect(visitor.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(visitor.setCookie).toBe(
      `${VISITOR_COOKIE}=${visitor.id}; Path=/; Max-Age=34560000; HttpOnly; SameSite=Lax`,
    );
  });

  it("the cookie is Secure over https", () => {
    const visitor = getVisitorId(new Request("https://app.test/api/links"));
    expect(visitor.setCookie).toMatch(/; Secure$/);
  });

  it("a request with the cookie keeps its id and sets nothing", () => {
    const first = getVisitorId(new Request("http://app.test/"));
    const again = getVisitorId(
      new Request("http://app.test/", { headers: { cookie: `theme=dark; ${VISITOR_COOKIE}=${first.id}; x=1` } }),
    );
    expect(again).toEqual({ id: first.id, setCookie: null });
  });

  it("a malformed cookie value counts as no visitor", () => {
    const request = new Request("http://app.test/", { headers: { cookie: `${VISITOR_COOKIE}=../../etc` } });
    expect(readVisitorId(request)).toBeNull();
    expect(getVisitorId(request).setCookie).not.toBeNull();
  });
});
