// Every API route, given an over-long value wherever the request names something stored — a
// path segment (room, post, link code) or a query parameter (cursors, id lists) — answers a
// 4xx JSON error, never a 500 (a KV key has at most 2,048 bytes, and an id must be refused
// before a key is built from it). The routes come from API_ROUTES, which api-routes.test.ts
// checks against the route files, so a new route cannot be left out; its query parameters
// must be listed in QUERY below, or this file fails.
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { createRoom, memberIdOf, sendMessage } from "@/lib/chat";
import { API_ROUTES } from "@/lib/http/api-routes";
import { createLink } from "@/lib/links";
import { addCommentOnce, authorIdOf, DEMO_POSTS, seedDemoPosts } from "@/lib/posts";
import { getKv } from "@/lib/server/kv";
import { useAppRedis } from "@/lib/server/test-support";
import { newVisitorId } from "@/lib/visitor";
import { visitorCookieHeader } from "@/lib/visitor/test-support";
import { GET as followShortLink } from "../s/[code]/route";

const ORIGIN = "http://app.test";
// Past Deno KV's 2,048-byte key limit on its own, and of every id's alphabet.
const LONG = "a".repeat(3_000);

useAppRedis();

// A link's analytics: the range, the viewer's time zone and a filter per dimension (never a key).
const ANALYTICS_QUERY = ["range", "tz", "referrer", "country", "browser", "os", "device", "trigger", "utm_source", "utm_medium", "utm_campaign"];

/**
 * The query parameters each route reads that name something stored, by method and route.
 * Every route and method is listed, with [] when it reads none, so that a new one makes this
 * file fail until it is looked at.
 */
const QUERY: Readonly<Record<string, readonly string[]>> = {
  "GET /api/health": [],
  "GET /api/metrics": [],
  "GET /api/links": [],
  "POST /api/links": [],
  "GET /api/links/events": ["codes"],
  "GET /api/links/[code]": ANALYTICS_QUERY,
  "PATCH /api/links/[code]": [],
  "DELETE /api/links/[code]": [],
  "GET /api/links/[code]/events": ANALYTICS_QUERY,
  "GET /api/links/[code]/export": ANALYTICS_QUERY,
  "GET /api/posts": [],
  "POST /api/posts": [],
  "GET /api/posts/events": ["ids"],
  "GET /api/posts/[id]": [],
  "POST /api/posts/[id]/comments": [],
  "DELETE /api/posts/[id]/comments/[commentId]": [],
  "GET /api/posts/[id]/events": ["lastEventId"],
  "POST /api/posts/[id]/like": [],
  "DELETE /api/posts/[id]/like": [],
  "GET /api/rooms": [],
  "POST /api/rooms": [],
  "GET /api/rooms/events": [],
  "GET /api/rooms/[room]": [],
  "GET /api/rooms/[room]/events": ["after", "lastEventId"],
  "GET /api/rooms/[room]/messages": ["before", "after"],
  "POST /api/rooms/[room]/messages": [],
  "PATCH /api/rooms/[room]/messages/[message]": [],
  "DELETE /api/rooms/[room]/messages/[message]": [],
  "PUT /api/rooms/[room]/messages/[message]/reactions/[reaction]": [],
  "DELETE /api/rooms/[room]/messages/[message]/reactions/[reaction]": [],
  "POST /api/rooms/[room]/presence": [],
  "POST /api/rooms/[room]/typing": [],
  "POST /api/visitor/key": [],
  "POST /api/visitor/restore": [],
};

/** A valid body for each route that takes one, so a request gets as far as the store. */
const BODY: Readonly<Record<string, unknown>> = {
  "/api/links": { url: "https://example.com/long-ids" },
  "/api/links/[code]": { paused: false },
  "/api/visitor/restore": { key: "k".repeat(43) },
  "/api/rooms": { name: "Long ids" },
  "/api/rooms/[room]/messages": { author: "Ann", text: "hello" },
  "/api/rooms/[room]/messages/[message]": { text: "hello again" },
  "/api/rooms/[room]/presence": { name: "Ann" },
  "/api/rooms/[room]/typing": { typing: true },
  "/api/posts": { author: "Ann", title: "Long ids", body: "hello" },
  "/api/posts/[id]/comments": { author: "Ann", text: "hello" },
};

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;

/** A valid value for each path parameter: something that exists (set up in beforeAll). */
const valid: Record<string, string> = {};
/** Every request comes from one visitor, the author of the valid message (only its author
 * may edit or delete it). */
const visitorId = newVisitorId();
let cookie = "";
/** A link of its own for DELETE, so the routes after it still find valid.code. */
let deletableCode = "";

beforeAll(async () => {
  // Rate limits are not what this file is about.
  process.env.LIVEKV_RATE_LIMIT_FACTOR = "1000";
  const kv = await getKv();
  await seedDemoPosts(kv);
  valid.id = DEMO_POSTS[0].post.id;
  valid.room = (await createRoom(kv, `Long ids ${Date.now()}`)).id;
  valid.message = (await sendMessage(kv, valid.room, { author: "Ann", text: "hello" }, memberIdOf(visitorId))).message.id;
  valid.reaction = "like";
  // A comment the same visitor wrote, so that deleting it is theirs to do.
  valid.commentId = (await addCommentOnce(kv, valid.id, { author: "Ann", text: "mine" }, null, Date.now(), authorIdOf(visitorId))).comment.id;
  cookie = await visitorCookieHeader(kv, visitorId);
  valid.code = (await createLink(kv, { url: "https://example.com/" }, { owner: visitorId, appOrigin: ORIGIN })).code;
  deletableCode = (await createLink(kv, { url: "https://example.com/delete" }, { owner: visitorId, appOrigin: ORIGIN })).code;
});

function paramNames(pattern: string): string[] {
  return [...pattern.matchAll(/\[(\w+)\]/g)].map((match) => match[1]);
}

async function call(pattern: string, method: string, params: Record<string, string>, query: Record<string, string>): Promise<Response> {
  const file = fileURLToPath(new URL(`.${pattern.slice("/api".length)}/route.ts`, import.meta.url));
  const routeModule = (await import(file)) as Record<string, Handler>;
  const path = pattern.replace(/\[(\w+)\]/g, (_, name: string) => encodeURIComponent(params[name]));
  const url = new URL(path, ORIGIN);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const body = BODY[pattern];
  const init: RequestInit =
    method === "GET" || method === "DELETE" || body === undefined
      ? { method, headers: { cookie } }
      : { method, headers: { cookie, "content-type": "application/json" }, body: JSON.stringify(body) };
  return routeModule[method](new Request(url, init), { params: Promise.resolve(params) });
}

/** The status and error code of a response; a stream (or a download) that opened counts as a 200 with no code. */
async function outcome(response: Response): Promise<{ status: number; code: string | undefined }> {
  const type = response.headers.get("content-type") ?? "";
  if (type.startsWith("text/event-stream") || type.startsWith("text/csv")) {
    await response.body?.cancel();
    return { status: response.status, code: undefined };
  }
  const text = await response.text();
  const body = text === "" ? {} : (JSON.parse(text) as { error?: { code?: string } });
  return { status: response.status, code: body.error?.code };
}

interface Case {
  name: string;
  pattern: string;
  method: string;
  params: Record<string, string>;
  query: Record<string, string>;
}

/** One request per route and method with each path parameter, then each query parameter, made long. */
function longCases(): Case[] {
  const cases: Case[] = [];
  for (const [pattern, methods] of Object.entries(API_ROUTES)) {
    const names = paramNames(pattern);
    const ok = Object.fromEntries(names.map((name) => [name, valid[name]]));
    for (const method of methods) {
      for (const name of names) {
        cases.push({ name: `${method} ${pattern} with a long [${name}]`, pattern, method, params: { ...ok, [name]: LONG }, query: {} });
      }
      for (const name of QUERY[`${method} ${pattern}`] ?? []) {
        cases.push({ name: `${method} ${pattern}?${name}=<long>`, pattern, method, params: ok, query: { [name]: LONG } });
      }
    }
  }
  return cases;
}

describe("over-long ids", () => {
  it("every route's query parameters are listed here", () => {
    const routes = Object.entries(API_ROUTES).flatMap(([pattern, methods]) => methods.map((method) => `${method} ${pattern}`));
    expect(Object.keys(QUERY).sort()).toEqual(routes.sort());
  });

  it("with valid ids, each route that takes one reaches the store and succeeds (so a refusal below is the id's)", async () => {
    const seen: Record<string, number> = {};
    const requests = Object.entries(API_ROUTES).flatMap(([pattern, methods]) => methods.map((method) => ({ pattern, method })));
    // Deletes last, a part (a reaction) before its whole (the message): deleting the valid
    // message first would make what is done to it afterwards a 409.
    const deletes = (route: { method: string; pattern: string }) => (route.method === "DELETE" ? 10_000 - route.pattern.length : 0);
    requests.sort((a, b) => deletes(a) - deletes(b));
    for (const { pattern, method } of requests) {
      const names = paramNames(pattern);
      if (names.length === 0) continue;
      const ok = Object.fromEntries(names.map((name) => [name, method === "DELETE" && name === "code" ? deletableCode : valid[name]]));
      seen[`${method} ${pattern}`] = (await outcome(await call(pattern, method, ok, {}))).status;
    }
    for (const [name, status] of Object.entries(seen)) expect({ name, status: status < 300 }).toEqual({ name, status: true });
  });

  it("a long path segment gets a 404 JSON error on every route; a long query parameter a 4xx or is ignored; never a 500", async () => {
    const cases = longCases();
    const answers = [];
    for (const c of cases) answers.push({ name: c.name, ...(await outcome(await call(c.pattern, c.method, c.params, c.query))) });
    // A long path segment names nothing that exists.
    const segments = answers.filter((a) => a.name.includes(" with a long ["));
    expect(segments.filter((a) => a.status !== 404 || a.code === undefined)).toEqual([]);
    // A resume point too long to be one is no resume point: the stream starts afresh.
    const refused = answers.filter((a) => a.status >= 400);
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    expect(refused.filter((a) => a.code === undefined)).toEqual([]);
  });

  it("a long short code is the short link's 404 page, not the 503 of a store that failed", async () => {
    const response = await followShortLink(new Request(`${ORIGIN}/s/${LONG}`), { params: Promise.resolve({ code: LONG }) });
    expect(response.status).toBe(404);
  });
});
