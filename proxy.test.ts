// proxy.ts, called as Next calls it before the router: every write route of the API (the
// route table lib/http/api-routes.ts, which its own test keeps equal to the route files, so a
// new route cannot be left out) refuses a request from another site's page with 403
// `cross_site`, sets no cookie and never reaches the route handler; the app's own pages,
// and clients that are not browsers, get through.
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { API_ROUTES } from "@/lib/http/api-routes";
import { proxy } from "./proxy";

const APP = "http://127.0.0.1:3000";
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

afterEach(() => {
  delete process.env.TRUST_PROXY;
});

/** Every route and write method, with a concrete path ("[room]" → "room-1"). */
const WRITES = Object.entries(API_ROUTES).flatMap(([pattern, methods]) =>
  methods.filter((method) => !SAFE.has(method)).map((method) => ({ method, path: pattern.replace(/\[(\w+)\]/g, "$1-1") })),
);

function send(method: string, path: string, headers: Record<string, string>): Response {
  return proxy(new NextRequest(`${APP}${path}`, { method, headers: { host: "127.0.0.1:3000", ...headers } }));
}

/** Whether proxy.ts passed the request on to the route (NextResponse.next()). */
const passedOn = (response: Response) => response.headers.get("x-middleware-next") === "1";

const FROM_ELSEWHERE: Record<string, Record<string, string>> = {
  "a cross-site page": { "sec-fetch-site": "cross-site", origin: "http://localhost:4000" },
  "a same-site page (a sibling subdomain, another port)": { "sec-fetch-site": "same-site", origin: "http://127.0.0.1:4000" },
  "another origin, by Origin alone (an older browser)": { origin: "http://evil.example" },
  "an opaque origin (a sandboxed frame)": { origin: "null" },
};

describe("proxy.ts: writes from other sites", () => {
  it("lists the write routes it guards", () => {
    expect(WRITES.map(({ method, path }) => `${method} ${path}`)).toEqual(
      expect.arrayContaining([
        "POST /api/links",
        "POST /api/posts",
        "POST /api/posts/id-1/like",
        "DELETE /api/posts/id-1/like",
        "DELETE /api/posts/id-1/comments/commentId-1",
        "POST /api/rooms/room-1/messages",
        "PATCH /api/rooms/room-1/messages/message-1",
        "DELETE /api/rooms/room-1/messages/message-1",
        "PUT /api/rooms/room-1/messages/message-1/reactions/reaction-1",
        "DELETE /api/rooms/room-1/messages/message-1/reactions/reaction-1",
      ]),
    );
  });

  for (const { method, path } of WRITES) {
    it(`${method} ${path}: refused from another site, with no cookie and no route run`, async () => {
      for (const [from, headers] of Object.entries(FROM_ELSEWHERE)) {
        const response = send(method, path, headers);
        expect({ from, status: response.status, passedOn: passedOn(response) }).toEqual({ from, status: 403, passedOn: false });
        expect(response.headers.get("set-cookie"), from).toBeNull();
        expect(await response.json(), from).toEqual({ error: { code: "cross_site", message: expect.stringMatching(/another site/) } });
      }
    });

    it(`${method} ${path}: passed on from the app's own pages and from clients that are not browsers`, () => {
      const fromHere: Record<string, string>[] = [
        { "sec-fetch-site": "same-origin", origin: APP },
        { "sec-fetch-site": "none" },
        { origin: APP },
        {},
      ];
      for (const headers of fromHere) expect(passedOn(send(method, path, headers)), JSON.stringify(headers)).toBe(true);
    });
  }

  it("reads, even from another site, are passed on (a short link shared anywhere, a page's stream)", () => {
    for (const [pattern, methods] of Object.entries(API_ROUTES)) {
      if (!methods.includes("GET")) continue;
      const path = pattern.replace(/\[(\w+)\]/g, "$1-1");
      expect(passedOn(send("GET", path, { "sec-fetch-site": "cross-site" })), path).toBe(true);
    }
  });

  it("behind a trusted proxy, the public origin the proxy forwards is the app's own", () => {
    process.env.TRUST_PROXY = "1";
    const forwarded = { "x-forwarded-host": "sho.rt", "x-forwarded-proto": "https" };
    expect(passedOn(send("POST", "/api/links", { ...forwarded, origin: "https://sho.rt" }))).toBe(true);
    expect(send("POST", "/api/links", { ...forwarded, origin: "http://sho.rt" }).status).toBe(403);
  });
});
