// Fuzz: 10,000 generated requests across every endpoint of the app's real server — random and
// malformed JSON, wrong types, huge and empty strings, unicode and control characters, odd
// codes and room names, wrong methods, broken Last-Event-ID values, broken %-escapes —
// from a fixed seed (the same requests every run). Asserts: every answer is 2xx, a 302 from
// /s/, or 4xx; API errors are JSON `{error: {code, message}}`; nothing hangs; the server stays
// up; and the data that existed before (a link and its clicks, a room's messages, a post's
// likes and comments, a visitor's links) is unchanged. Runs on an app instance and Redis of
// its own, so its rate-limit budgets and data touch no other test.

import { expect, test } from "@playwright/test";
import { allowedMethods } from "../lib/http/api-routes";
import {
  almostValidBody,
  randomBodyText,
  randomHeaderValue,
  randomJson,
  Random,
  randomSegment,
  randomString,
} from "./support/fuzz-values";
import { useOwnApp } from "./support/next-instance";
import { visitorCookie } from "./support/visitor";

const SEED = 20_251_122;
const REQUESTS = 10_000;
const CONCURRENCY = 6;
const REQUEST_TIMEOUT_MS = 15_000;
const BROWSER_UA =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
const OWNER = visitorCookie("fuzzownerAAAAAAAAAAAAA");

const own = useOwnApp();

interface Seeded {
  code: string;
  room: string;
  post: string;
  /** A comment on it, by the owner: no fuzzed request may delete it. */
  comment: string;
  /** A link of the fuzz's own, so that valid redirects (which count clicks) happen too. */
  redirectCode: string;
}

async function call(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${own.app.origin}${path}`, { redirect: "manual", ...init });
}

async function seed(): Promise<Seeded> {
  const json = { "content-type": "application/json", cookie: OWNER };
  const link = await call("/api/links", { method: "POST", headers: json, body: JSON.stringify({ url: "https://example.com/kept" }) });
  expect(link.status).toBe(201);
  const { code } = (await link.json()) as { code: string };
  for (const referer of ["https://a.example/", "https://b.example/", ""]) {
    expect((await call(`/s/${code}`, { headers: { "user-agent": BROWSER_UA, referer } })).status).toBe(302);
  }
  const room = await call("/api/rooms", { method: "POST", headers: json, body: JSON.stringify({ name: "Fuzz kept room" }) });
  expect(room.status).toBe(201);
  const { id: roomId } = (await room.json()) as { id: string };
  for (const text of ["first", "second ✓", "third <b>"]) {
    const sent = await call(`/api/rooms/${roomId}/messages`, { method: "POST", headers: json, body: JSON.stringify({ author: "Keeper", text }) });
    expect(sent.status).toBe(201);
  }
  const { posts } = (await (await call("/api/posts")).json()) as { posts: { id: string }[] };
  const post = posts[0].id;
  expect((await call(`/api/posts/${post}/like`, { method: "POST", headers: { cookie: OWNER } })).status).toBe(200);
  const comment = await call(`/api/posts/${post}/comments`, { method: "POST", headers: json, body: JSON.stringify({ author: "Keeper", text: "kept" }) });
  expect(comment.status).toBe(201);
  const { comment: kept } = (await comment.json()) as { comment: { id: string } };
  const other = await call("/api/links", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ url: "https://example.com/clicked" }),
  });
  expect(other.status).toBe(201);
  const { code: redirectCode } = (await other.json()) as { code: string };
  return { code, room: roomId, post, comment: kept.id, redirectCode };
}

/** What must not change: stats minus the time series (whose windows move with the clock). */
async function snapshot(s: Seeded): Promise<unknown> {
  const read = async (path: string, headers: Record<string, string> = {}) => {
    const response = await call(path, { headers });
    expect(response.status, path).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  };
  const stats = await read(`/api/links/${s.code}`);
  delete stats.minutes;
  delete stats.days;
  // The range's window moves with the clock, its buckets with it; its counts must not move.
  const view = stats.view as Record<string, unknown>;
  delete view.from;
  delete view.to;
  delete view.series;
  const post = await read(`/api/posts/${s.post}`, { cookie: OWNER });
  return {
    stats,
    messages: await read(`/api/rooms/${s.room}/messages`),
    post: { counts: post.counts, liked: post.liked, comments: post.comments },
    visitorLinks: await read("/api/links", { cookie: OWNER }),
  };
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "APPLICATION/JSON",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/vnd.api+json",
  "",
];

interface Planned {
  label: string;
  path: string;
  init: RequestInit;
  /** An event stream may answer: read the headers, then hang up. */
  stream: boolean;
}

interface Endpoint {
  label: string;
  path: () => string;
  body?: () => unknown;
  stream?: boolean;
  /** The usual method (default GET). */
  method?: string;
  /** Whether the path may name seeded data: then no method that writes is used on it. */
  seeded?: boolean;
}

/** Methods that cannot change what `path` names: reads, and those its route refuses (405). */
function harmlessMethods(path: string): string[] {
  const allowed = allowedMethods(new URL(path, "http://x").pathname) ?? [];
  return METHODS.filter((method) => ["GET", "HEAD", "OPTIONS"].includes(method) || !allowed.includes(method));
}

/** One generated request. Writes never reach the seeded link, room or post. */
function plan(random: Random, s: Seeded, redirectCode: string): Planned {
  const seg = () => randomSegment(random);
  const existingOr = (value: string) => (random.chance(0.3) ? value : seg());
  const query = (name: string) => `${name}=${random.chance(0.5) ? seg() : encodeURIComponent(randomHeaderValue(random))}`;
  const endpoints: Endpoint[] = [
    { label: "links", path: () => "/api/links", method: "POST", body: () => almostValidBody(random, { url: () => `https://example.com/${seg()}`, code: () => randomString(random).slice(0, 40), expireIn: () => random.pick([1000, 0, -5, 1.5, 1e15]) }) },
    { label: "links/events", path: () => `/api/links/events?${query("codes")}`, stream: true },
    { label: "links/{code}", path: () => `/api/links/${existingOr(s.code)}`, seeded: true },
    { label: "links/{code}/events", path: () => `/api/links/${existingOr(s.code)}/events${random.chance(0.3) ? `?${query("lastEventId")}` : ""}`, stream: true, seeded: true },
    { label: "rooms", path: () => "/api/rooms", method: "POST", body: () => almostValidBody(random, { name: () => randomString(random).slice(0, 80) }) },
    { label: "rooms/events", path: () => "/api/rooms/events", stream: true },
    { label: "rooms/{room}", path: () => `/api/rooms/${existingOr(s.room)}`, seeded: true },
    { label: "rooms/{room}/events", path: () => `/api/rooms/${existingOr(s.room)}/events${random.chance(0.4) ? `?${query(random.pick(["after", "lastEventId"]))}` : ""}`, stream: true, seeded: true },
    { label: "rooms/{room}/messages", path: () => `/api/rooms/${seg()}/messages?${query("before")}&${query("after")}&${query("limit")}`, method: "POST", body: () => almostValidBody(random, { author: () => randomString(random).slice(0, 50), text: () => randomString(random), clientId: () => randomString(random).slice(0, 40) }) },
    { label: "rooms/{room}/messages (seeded)", path: () => `/api/rooms/${s.room}/messages?${query(random.pick(["before", "after", "limit"]))}`, seeded: true },
    { label: "rooms/{room}/presence", path: () => `/api/rooms/${seg()}/presence`, method: "POST", body: () => almostValidBody(random, { name: () => randomString(random).slice(0, 60) }) },
    { label: "rooms/{room}/typing", path: () => `/api/rooms/${seg()}/typing`, method: "POST", body: () => almostValidBody(random, { typing: () => random.chance(0.5) }) },
    { label: "posts", path: () => "/api/posts" },
    { label: "posts (write)", path: () => "/api/posts", method: "POST", body: () => almostValidBody(random, { author: () => randomString(random).slice(0, 50), title: () => randomString(random).slice(0, 150), body: () => randomString(random), clientId: () => randomString(random).slice(0, 40) }) },
    { label: "posts/events", path: () => `/api/posts/events${random.chance(0.7) ? `?${query("ids")}` : ""}`, stream: true },
    { label: "posts/{id}", path: () => `/api/posts/${existingOr(s.post)}`, seeded: true },
    { label: "posts/{id}/events", path: () => `/api/posts/${existingOr(s.post)}/events${random.chance(0.3) ? `?${query("lastEventId")}` : ""}`, stream: true, seeded: true },
    { label: "posts/{id}/like", path: () => `/api/posts/${seg()}/like`, method: "POST" },
    // Unliking the seeded post as some other visitor must leave its likes alone.
    { label: "posts/{id}/like (unlike seeded)", path: () => `/api/posts/${s.post}/like`, method: "DELETE" },
    { label: "posts/{id}/comments", path: () => `/api/posts/${seg()}/comments`, method: "POST", body: () => almostValidBody(random, { author: () => randomString(random).slice(0, 50), text: () => randomString(random), parentId: () => randomString(random).slice(0, 30) }) },
    // The seeded comment is not the fuzzer's: a delete of it must be refused, and it is checked below.
    { label: "posts/{id}/comments/{commentId}", path: () => `/api/posts/${random.chance(0.5) ? s.post : seg()}/comments/${random.chance(0.3) ? s.comment : seg()}`, method: "DELETE" },
    { label: "health", path: () => "/api/health" },
    { label: "unknown api", path: () => `/api/${seg()}/${seg()}` },
    { label: "s/{code}", path: () => `/s/${random.chance(0.3) ? redirectCode : seg()}` },
  ];
  const endpoint = random.pick(endpoints);
  const path = endpoint.path();
  let method = random.chance(0.75) ? (endpoint.method ?? "GET") : random.pick(METHODS);
  if (endpoint.seeded && !harmlessMethods(path).includes(method)) method = random.pick(harmlessMethods(path));
  // The only write on seeded data: an unlike by a visitor who never liked it (a no-op).
  if (endpoint.label.includes("unlike") && method === "POST") method = "DELETE";
  const headers: Record<string, string> = { "user-agent": random.chance(0.8) ? BROWSER_UA : randomHeaderValue(random) };
  if (random.chance(0.3)) headers["last-event-id"] = randomHeaderValue(random);
  if (random.chance(0.3)) headers.cookie = `lkv_vid=${randomHeaderValue(random)}`;
  if (random.chance(0.1)) headers["x-forwarded-for"] = randomHeaderValue(random);
  if (random.chance(0.1)) headers.referer = randomHeaderValue(random);
  const init: RequestInit = { method, headers };
  if (method !== "GET" && method !== "HEAD") {
    const body = randomBodyText(random, endpoint.body ?? (() => randomJson(random)));
    const type = random.chance(0.7) ? "application/json" : random.pick(CONTENT_TYPES);
    if (type !== "") headers["content-type"] = type;
    if (body !== null) init.body = body;
  }
  return { label: `${method} ${endpoint.label}`, path, init, stream: endpoint.stream === true };
}

interface Outcome {
  label: string;
  path: string;
  status: number;
  problem: string | null;
}

async function send(p: Planned): Promise<Outcome> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
  const outcome = (status: number, problem: string | null): Outcome => ({ label: p.label, path: p.path.slice(0, 200), status, problem });
  try {
    const response = await call(p.path, { ...p.init, signal: abort.signal });
    const status = response.status;
    if (status >= 500) return outcome(status, `HTTP ${status}: ${(await response.text()).slice(0, 200)}`);
    const type = response.headers.get("content-type") ?? "";
    if (type.startsWith("text/event-stream")) {
      await response.body?.cancel();
      // A generated segment can be "events" too, which names a stream endpoint.
      const streamPath = p.stream || new URL(p.path, own.app.origin).pathname.endsWith("/events");
      return outcome(status, streamPath ? null : "an event stream from a non-stream endpoint");
    }
    const text = await response.text();
    if (status >= 300 && status < 400) {
      // A short link's 302, or Next's 308 from "/x/" to the canonical "/x" (a generated "."
      // segment becomes a trailing slash once the URL is normalized).
      const location = response.headers.get("location") ?? "";
      const canonical = status === 308 && new URL(p.path, own.app.origin).pathname === `${new URL(location, own.app.origin).pathname}/`;
      const redirect = status === 302 && p.path.startsWith("/s/");
      return outcome(status, redirect || canonical ? null : `unexpected redirect ${status} to ${location}`);
    }
    if (status >= 400 && p.path.startsWith("/api/") && p.init.method !== "HEAD") {
      if (!type.startsWith("application/json")) return outcome(status, `a ${status} that is not JSON (${type}): ${text.slice(0, 100)}`);
      const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
      if (typeof body.error?.code !== "string" || typeof body.error?.message !== "string") {
        return outcome(status, `a ${status} without {error: {code, message}}: ${text.slice(0, 100)}`);
      }
    }
    return outcome(status, null);
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
    return outcome(0, abort.signal.aborted ? `no answer within ${REQUEST_TIMEOUT_MS} ms` : `failed: ${String(error)}${cause}`);
  } finally {
    clearTimeout(timer);
  }
}

test(`fuzz: ${REQUESTS.toLocaleString("en-US")} generated requests across every endpoint (seed ${SEED})`, async () => {
  test.setTimeout(240_000);
  const seeded = await seed();
  const before = await snapshot(seeded);
  const random = new Random(SEED);
  const planned = Array.from({ length: REQUESTS }, () => plan(random, seeded, seeded.redirectCode));

  const outcomes: Outcome[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < planned.length) outcomes.push(await send(planned[next++]));
    }),
  );
  const seconds = (performance.now() - started) / 1000;

  const byStatus = new Map<number, number>();
  for (const o of outcomes) byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
  const summary = [...byStatus].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`).join(", ");
  console.log(`[fuzz] ${outcomes.length} requests in ${seconds.toFixed(1)} s (seed ${SEED}); ${summary}`);
  test.info().annotations.push({ type: "fuzz statuses", description: summary });

  const problems = outcomes.filter((o) => o.problem !== null);
  expect(problems.slice(0, 20), `${problems.length} problem(s)`).toEqual([]);
  expect(outcomes).toHaveLength(REQUESTS);
  // Variety: the run met validation, size, type, method, rate and not-found refusals.
  for (const status of [200, 201, 400, 404, 405, 413, 415, 422]) expect(byStatus.get(status) ?? 0, `HTTP ${status}`).toBeGreaterThan(0);

  // Still up, still right.
  expect((await call("/api/health")).status).toBe(200);
  expect(await snapshot(seeded)).toEqual(before);
});
