// The HTTP API, through the route handlers themselves (as Next calls them), against a real
// redis-server: JSON answers and errors, cookies, rate limits, and the event streams at
// the SSE level.
import { describe, expect, it } from "vitest";
import { BodyReader, parseEvents } from "@/lib/sse/test-support";
import { getKv } from "@/lib/server/kv";
import { useAppRedis } from "@/lib/server/test-support";
import * as postsRoute from "@/app/api/posts/route";
import * as listEventsRoute from "@/app/api/posts/events/route";
import * as postRoute from "@/app/api/posts/[id]/route";
import * as likeRoute from "@/app/api/posts/[id]/like/route";
import * as commentsRoute from "@/app/api/posts/[id]/comments/route";
import * as commentRoute from "@/app/api/posts/[id]/comments/[commentId]/route";
import * as eventsRoute from "@/app/api/posts/[id]/events/route";
import type { Comment, LikeState, LivePostCounts, PostListItem, PostPage, PostRecord, PostSummary } from "./types";

useAppRedis();

const BASE = "http://posts.test";
const POST = "deno-kv-watch-on-redis";

const context = (id: string) => ({ params: Promise.resolve({ id }) });

function request(path: string, init: RequestInit & { cookie?: string } = {}): Request {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set("cookie", init.cookie);
  return new Request(`${BASE}${path}`, { ...init, headers });
}

function jsonPost(path: string, body: unknown, cookie?: string): Request {
  return request(path, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "content-type": "application/json" },
    cookie,
  });
}

/** The `lkv_vid=…` pair of a response's Set-Cookie, to send back as a Cookie header. */
function cookieOf(response: Response): string {
  const header = response.headers.get("set-cookie") ?? "";
  const pair = header.split(";")[0];
  expect(pair).toMatch(/^lkv_vid=[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/);
  return pair;
}

async function errorOf(response: Response) {
  expect(response.headers.get("content-type")).toMatch(/application\/json/);
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, code: body.error.code, message: body.error.message };
}

async function newVisitor(): Promise<string> {
  // Any like makes a visitor; unliking right away leaves the counts as they were.
  const response = await likeRoute.DELETE(request(`/api/posts/${POST}/like`, { method: "DELETE" }), context(POST));
  return cookieOf(response);
}

type ParsedEvent = ReturnType<typeof parseEvents>[number];

/** Opens an event stream; `events()` parses everything received so far. */
function openStream(response: Response, controller: AbortController) {
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
  const body = new BodyReader(response);
  // At most one read in flight: a read that outlives a wait is picked up by the next one.
  let reading: Promise<string | null> | null = null;
  const read = () => (reading ??= body.chunk().finally(() => (reading = null)));
  const events = () => parseEvents(body.text);
  const until = async (done: (events: ParsedEvent[]) => boolean, what: string) => {
    const deadline = Date.now() + 1000;
    while (!done(events())) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${body.text}`);
      await Promise.race([read(), new Promise((resolve) => setTimeout(resolve, left))]);
    }
    return events();
  };
  return {
    events,
    until,
    /** Reads until `count` events of `type` arrived (1 s at most); returns them. */
    async waitFor(type: string, count = 1) {
      const all = await until((list) => list.filter((event) => event.type === type).length >= count, `${count} ${type} event(s)`);
      return all.filter((event) => event.type === type);
    },
    close: () => controller.abort(),
  };
}

const commentsIn = (events: ParsedEvent[]): Comment[] =>
  events.filter((event) => event.type === "comments").flatMap((event) => (event.data as { comments: Comment[] }).comments);

describe("GET /api/posts and /api/posts/{id}", () => {
  it("lists the demo posts with counts, and shows one post with its comments", async () => {
    const list = await postsRoute.GET(request("/api/posts"));
    expect(list.status).toBe(200);
    const { posts } = (await list.json()) as { posts: PostSummary[] };
    expect(posts.length).toBeGreaterThanOrEqual(4);
    expect(posts.find((post) => post.id === POST)?.counts.comments).toBeGreaterThanOrEqual(2);

    const one = await postRoute.GET(request(`/api/posts/${POST}`), context(POST));
    const page = (await one.json()) as PostPage;
    expect(page.post.id).toBe(POST);
    expect(page.comments.length).toBeGreaterThanOrEqual(2);
    expect(page.cursor).toMatch(/^[0-9a-f]{20}$/);
  });

  it("answers 404 JSON for unknown or malformed ids", async () => {
    for (const id of ["no-such-post", "Bad Id", "x".repeat(200)]) {
      const response = await postRoute.GET(request(`/api/posts/${encodeURIComponent(id)}`), context(id));
      expect(await errorOf(response)).toMatchObject({ status: 404, code: "not_found" });
    }
  });
});

describe("POST/DELETE /api/posts/{id}/like", () => {
  it("gives a new visitor a cookie, counts one like per visitor, and unlikes", async () => {
    const before = (await (await postRoute.GET(request(`/api/posts/${POST}`), context(POST))).json()) as PostPage;
    const first = await likeRoute.POST(request(`/api/posts/${POST}/like`, { method: "POST" }), context(POST));
    expect(first.status).toBe(200);
    const cookie = cookieOf(first);
    expect(first.headers.get("set-cookie")).toMatch(/HttpOnly/);
    const liked = (await first.json()) as LikeState;
    expect(liked).toMatchObject({ liked: true, likes: before.counts.likes + 1 });

    // The same visitor again, from five requests at once: no change, no new cookie.
    const again = await Promise.all(
      Array.from({ length: 5 }, () => likeRoute.POST(request(`/api/posts/${POST}/like`, { method: "POST", cookie }), context(POST))),
    );
    for (const response of again) {
      expect(response.headers.get("set-cookie")).toBeNull();
      expect(await response.json()).toMatchObject({ liked: true, likes: before.counts.likes + 1 });
    }
    const page = (await (await postRoute.GET(request(`/api/posts/${POST}`, { cookie }), context(POST))).json()) as PostPage;
    expect(page.liked).toBe(true);

    const unliked = await likeRoute.DELETE(request(`/api/posts/${POST}/like`, { method: "DELETE", cookie }), context(POST));
    expect(await unliked.json()).toMatchObject({ liked: false, likes: before.counts.likes });
  });

  it("answers 404 JSON for an unknown post", async () => {
    const response = await likeRoute.POST(request("/api/posts/nope/like", { method: "POST" }), context("nope"));
    expect(await errorOf(response)).toMatchObject({ status: 404, code: "not_found" });
  });
});

describe("POST /api/posts/{id}/comments", () => {
  it("stores a comment: 201 with the normalized comment", async () => {
    const response = await commentsRoute.POST(
      jsonPost(`/api/posts/${POST}/comments`, { author: "  Ada ", text: "<b>bold?</b>\n\nNo, text." }),
      context(POST),
    );
    expect(response.status).toBe(201);
    const { comment } = (await response.json()) as { comment: Comment };
    expect(comment).toMatchObject({ postId: POST, author: "Ada", text: "<b>bold?</b>\n\nNo, text." });
  });

  it("a clientId sent again: 200 with the first comment and the count moved once; other text with it is 422", async () => {
    const cookie = await newVisitor();
    const url = `/api/posts/${POST}/comments`;
    const count = async () => ((await (await postRoute.GET(request(`/api/posts/${POST}`), context(POST))).json()) as PostPage).counts.comments;
    const before = await count();
    const body = { author: "Ada", text: "Once, even if sent twice.", clientId: crypto.randomUUID() };
    const first = await commentsRoute.POST(jsonPost(url, body, cookie), context(POST));
    const again = await commentsRoute.POST(jsonPost(url, body, cookie), context(POST));
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(await again.json()).toEqual(await first.json());
    expect(await count()).toBe(before + 1);
    const reused = await commentsRoute.POST(jsonPost(url, { ...body, text: "Edited." }, cookie), context(POST));
    expect(await errorOf(reused)).toMatchObject({ status: 422, code: "client_id_reused" });
    const bad = await commentsRoute.POST(jsonPost(url, { ...body, clientId: 42 }, cookie), context(POST));
    expect(await errorOf(bad)).toMatchObject({ status: 422, code: "validation_failed" });
  });

  it("answers bad input with JSON 4xx, never 500", async () => {
    const cookie = await newVisitor();
    const url = `/api/posts/${POST}/comments`;
    const cases: [Request, string, number, string][] = [
      [jsonPost(url, "{author:", cookie), POST, 400, "invalid_json"],
      [request(url, { method: "POST", body: "author=a&text=b", headers: { "content-type": "application/x-www-form-urlencoded" } }), POST, 415, "unsupported_media_type"],
      [jsonPost(url, { author: "a" }, cookie), POST, 422, "validation_failed"],
      [jsonPost(url, { author: 5, text: "x" }, cookie), POST, 422, "validation_failed"],
      [jsonPost(url, { author: "", text: "x" }, cookie), POST, 422, "invalid_author"],
      [jsonPost(url, { author: "a".repeat(41), text: "x" }, cookie), POST, 422, "invalid_author"],
      [jsonPost(url, { author: "a", text: "   " }, cookie), POST, 422, "invalid_text"],
      [jsonPost(url, { author: "a", text: "x".repeat(2001) }, cookie), POST, 422, "invalid_text"],
      [jsonPost(url, { author: "a", text: "x".repeat(100_000) }, cookie), POST, 413, "payload_too_large"],
      [jsonPost("/api/posts/nope/comments", { author: "a", text: "x" }, cookie), "nope", 404, "not_found"],
    ];
    for (const [req, id, status, code] of cases) {
      expect(await errorOf(await commentsRoute.POST(req, context(id)))).toMatchObject({ status, code });
    }
  });

  it("limits each visitor to 5 comments per 30 s: the 6th is a 429 with Retry-After", async () => {
    const cookie = await newVisitor();
    const send = () => commentsRoute.POST(jsonPost(`/api/posts/${POST}/comments`, { author: "Spam", text: "again" }, cookie), context(POST));
    for (let i = 0; i < 5; i++) expect((await send()).status).toBe(201);
    const refused = await send();
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    // A sliding window: the last of a full window's requests leaves it a 1/limit share of
    // a window (30 s / 5) after the window ends.
    expect(retryAfter).toBeLessThanOrEqual(36);
    expect(await errorOf(refused)).toMatchObject({ code: "rate_limited", message: expect.stringMatching(/comments/) });
    // Another visitor is not affected.
    const other = await newVisitor();
    const theirs = await commentsRoute.POST(jsonPost(`/api/posts/${POST}/comments`, { author: "B", text: "hi" }, other), context(POST));
    expect(theirs.status).toBe(201);
  });
});

describe("GET /api/posts/{id}/events", () => {
  it("streams the counts first, then likes and new comments, each event with the comment cursor", async () => {
    const controller = new AbortController();
    const response = await eventsRoute.GET(request(`/api/posts/${POST}/events`, { signal: controller.signal }), context(POST));
    expect(response.headers.get("cache-control")).toBe("no-cache, no-transform");
    const stream = openStream(response, controller);
    const [first] = await stream.waitFor("counts");
    const initial = first.data as LivePostCounts;
    // A request without a visitor cookie: whose like could it report?
    expect(initial).toMatchObject({ liked: null });
    expect(first.id).toMatch(/^[0-9a-f]{20}$/);

    await likeRoute.POST(request(`/api/posts/${POST}/like`, { method: "POST" }), context(POST));
    const counts = await stream.waitFor("counts", 2);
    expect(counts[1].data).toMatchObject({ likes: initial.likes + 1, comments: initial.comments });

    const posted = await commentsRoute.POST(jsonPost(`/api/posts/${POST}/comments`, { author: "Eve", text: "Streaming!" }), context(POST));
    const { comment } = (await posted.json()) as { comment: Comment };
    const [delivered] = await stream.waitFor("comments");
    expect(delivered.data).toEqual({ comments: [comment] });
    expect(delivered.id! > first.id!).toBe(true);
    const later = await stream.waitFor("counts", 3);
    expect(later[2].data).toMatchObject({ comments: initial.comments + 1 });
    stream.close();
  });

  it("reports the visitor's own like in the stream", async () => {
    const cookie = await newVisitor();
    const controller = new AbortController();
    const stream = openStream(
      await eventsRoute.GET(request(`/api/posts/${POST}/events`, { signal: controller.signal, cookie }), context(POST)),
      controller,
    );
    await stream.waitFor("counts");
    await likeRoute.POST(request(`/api/posts/${POST}/like`, { method: "POST", cookie }), context(POST));
    const counts = await stream.waitFor("counts", 2);
    expect(counts[1].data).toMatchObject({ liked: true });
    stream.close();
  });

  it("resumes after Last-Event-ID with exactly the comments it missed", async () => {
    const cookie = await newVisitor();
    const send = async (text: string) => {
      const response = await commentsRoute.POST(jsonPost(`/api/posts/${POST}/comments`, { author: "R", text }, cookie), context(POST));
      return ((await response.json()) as { comment: Comment }).comment;
    };
    const controller = new AbortController();
    const stream = openStream(
      await eventsRoute.GET(request(`/api/posts/${POST}/events`, { signal: controller.signal }), context(POST)),
      controller,
    );
    await stream.waitFor("counts");
    await send("before the drop");
    await stream.waitFor("comments");
    await stream.waitFor("counts", 2);
    const lastId = stream.events().at(-1)?.id;
    stream.close();

    const missed = [await send("missed one"), await send("missed two")];
    const again = new AbortController();
    const resumed = openStream(
      await eventsRoute.GET(
        request(`/api/posts/${POST}/events`, { signal: again.signal, headers: { "last-event-id": lastId ?? "" } }),
        context(POST),
      ),
      again,
    );
    await resumed.waitFor("counts");
    const got = commentsIn(await resumed.until((events) => commentsIn(events).length >= 2, "the missed comments"));
    expect(got.map((comment) => comment.text)).toEqual(missed.map((comment) => comment.text));
    resumed.close();
  });

  it("ignores a malformed Last-Event-ID and answers 404 JSON for an unknown post", async () => {
    const controller = new AbortController();
    const stream = openStream(
      await eventsRoute.GET(
        request(`/api/posts/${POST}/events?lastEventId=not-a-cursor`, { signal: controller.signal }),
        context(POST),
      ),
      controller,
    );
    expect((await stream.waitFor("counts")).length).toBe(1);
    expect(stream.events().filter((event) => event.type === "comments")).toEqual([]);
    stream.close();
    const missing = await eventsRoute.GET(request("/api/posts/nope/events"), context("nope"));
    expect(await errorOf(missing)).toMatchObject({ status: 404, code: "not_found" });
  });

  it("releases its watches when the client goes away", async () => {
    const kv = await getKv();
    const before = kv.watchStats().watchers;
    const controller = new AbortController();
    const stream = openStream(
      await eventsRoute.GET(request(`/api/posts/${POST}/events`, { signal: controller.signal }), context(POST)),
      controller,
    );
    await stream.waitFor("counts");
    expect(kv.watchStats().watchers).toBe(before + 2);
    stream.close();
    const deadline = Date.now() + 1000;
    while (kv.watchStats().watchers !== before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(kv.watchStats().watchers).toBe(before);
  });
});

describe("GET /api/posts/events", () => {
  it("streams every listed post's counts, live", async () => {
    const controller = new AbortController();
    const stream = openStream(await listEventsRoute.GET(request("/api/posts/events", { signal: controller.signal })), controller);
    const [first] = await stream.waitFor("counts");
    const state = first.data as { version: string; counts: Record<string, { likes: number; comments: number }> };
    expect(Object.keys(state.counts)).toContain(POST);
    await likeRoute.POST(request(`/api/posts/${POST}/like`, { method: "POST" }), context(POST));
    const [, second] = await stream.waitFor("counts", 2);
    expect((second.data as typeof state).counts[POST].likes).toBe(state.counts[POST].likes + 1);
    expect(second.id! > first.id!).toBe(true);
    stream.close();
  });

  it("answers 400 JSON for bad ids", async () => {
    for (const ids of ["", "Bad Id", Array.from({ length: 51 }, (_, i) => `p${i}`).join(",")]) {
      const response = await listEventsRoute.GET(request(`/api/posts/events?ids=${encodeURIComponent(ids)}`));
      expect(await errorOf(response)).toMatchObject({ status: 400, code: "invalid_ids" });
    }
  });
});

describe("POST /api/posts", () => {
  const newPost = { author: "Ann", title: "Written here", body: "Hello *world*.", clientId: "api-post-client-1" };

  it("writes a post: 201 with it (200 with the same post for its clientId again); listed and streamed to open lists", async () => {
    const controller = new AbortController();
    const stream = openStream(await listEventsRoute.GET(request("/api/posts/events", { signal: controller.signal })), controller);
    await stream.waitFor("posts");
    const cookie = await newVisitor();
    const created = await postsRoute.POST(jsonPost("/api/posts", newPost, cookie));
    expect(created.status).toBe(201);
    const { post } = (await created.json()) as { post: PostRecord };
    expect(post).toMatchObject({ title: "Written here", author: "Ann", markdown: "Hello *world*.", summary: "Hello world." });
    const again = await postsRoute.POST(jsonPost("/api/posts", newPost, cookie));
    expect(again.status).toBe(200);
    expect(((await again.json()) as { post: PostRecord }).post).toEqual(post);

    const { posts } = (await (await postsRoute.GET(request("/api/posts"))).json()) as { posts: PostSummary[] };
    expect(posts.filter((listed) => listed.id === post.id)).toHaveLength(1);
    expect(posts[0].id).toBe(post.id);
    const events = await stream.until(
      (list) => list.some((event) => event.type === "posts" && (event.data as { posts: PostListItem[] }).posts[0]?.id === post.id),
      "the new post on the list stream",
    );
    expect(events.filter((event) => event.type === "posts").length).toBe(2);
    stream.close();
    const page = await postRoute.GET(request(`/api/posts/${post.id}`), context(post.id));
    expect(((await page.json()) as PostPage).post).toEqual(post);
  });

  it("answers bad input with JSON 4xx, never 500, and writes nothing", async () => {
    const cookie = await newVisitor();
    const before = ((await (await postsRoute.GET(request("/api/posts"))).json()) as { posts: PostSummary[] }).posts.length;
    const cases: [Request, number, string][] = [
      [jsonPost("/api/posts", "{title:", cookie), 400, "invalid_json"],
      [jsonPost("/api/posts", { author: "a", body: "x" }, cookie), 422, "validation_failed"],
      [jsonPost("/api/posts", { author: "a", title: ["x"], body: "x" }, cookie), 422, "validation_failed"],
      [jsonPost("/api/posts", { author: " ", title: "t", body: "x" }, cookie), 422, "invalid_author"],
      [jsonPost("/api/posts", { author: "a", title: "\u202e", body: "x" }, cookie), 422, "invalid_title"],
      [jsonPost("/api/posts", { author: "a", title: "t".repeat(121), body: "x" }, cookie), 422, "invalid_title"],
      [jsonPost("/api/posts", { author: "a", title: "t", body: "\n\n" }, cookie), 422, "invalid_body"],
      [jsonPost("/api/posts", { author: "a", title: "t", body: "b".repeat(4001) }, cookie), 422, "invalid_body"],
      [jsonPost("/api/posts", { author: "a", title: "t", body: "b".repeat(20_000) }, cookie), 413, "payload_too_large"],
      [jsonPost("/api/posts", { author: "a", title: "t", body: "x", clientId: "no spaces" }, cookie), 422, "invalid_client_id"],
    ];
    for (const [req, status, code] of cases) expect(await errorOf(await postsRoute.POST(req))).toMatchObject({ status, code });
    const after = ((await (await postsRoute.GET(request("/api/posts"))).json()) as { posts: PostSummary[] }).posts.length;
    expect(after).toBe(before);
  });

  it("limits each visitor to 3 posts a minute: the 4th is a 429 with Retry-After", async () => {
    const cookie = await newVisitor();
    const send = (i: number) => postsRoute.POST(jsonPost("/api/posts", { author: "Busy", title: `Post ${i}`, body: "text" }, cookie));
    for (let i = 0; i < 3; i++) expect((await send(i)).status).toBe(201);
    const refused = await send(3);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await errorOf(refused)).toMatchObject({ status: 429, code: "rate_limited", message: expect.stringMatching(/posts/) });
  });
});

describe("replies and DELETE /api/posts/{id}/comments/{commentId}", () => {
  const EMPTY_POST = "server-sent-events-are-enough";

  async function commentAs(cookie: string, text: string, parentId?: string): Promise<Comment> {
    const response = await commentsRoute.POST(jsonPost(`/api/posts/${EMPTY_POST}/comments`, { author: "Ann", text, parentId }, cookie), context(EMPTY_POST));
    expect(response.status).toBe(201);
    return ((await response.json()) as { comment: Comment }).comment;
  }

  const remove = (id: string, cookie?: string) =>
    commentRoute.DELETE(request(`/api/posts/${EMPTY_POST}/comments/${id}`, { method: "DELETE", cookie }), {
      params: Promise.resolve({ id: EMPTY_POST, commentId: id }),
    });

  it("a reply names its parent; only the author deletes, and every open page hears of it", async () => {
    const ann = await newVisitor();
    const bob = await newVisitor();
    const question = await commentAs(ann, "question");
    const answer = await commentAs(bob, "answer", question.id);
    expect(answer.parentId).toBe(question.id);
    // The author id is public and is not the visitor id (the cookie).
    expect(question.authorId).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(ann).not.toContain(question.authorId);
    const replyToReply = await commentsRoute.POST(
      jsonPost(`/api/posts/${EMPTY_POST}/comments`, { author: "Ann", text: "deeper", parentId: answer.id }, ann),
      context(EMPTY_POST),
    );
    expect(await errorOf(replyToReply)).toMatchObject({ status: 422, code: "invalid_parent" });

    const controller = new AbortController();
    const stream = openStream(await eventsRoute.GET(request(`/api/posts/${EMPTY_POST}/events`, { signal: controller.signal }), context(EMPTY_POST)), controller);
    await stream.waitFor("counts");
    expect(await errorOf(await remove(answer.id, ann))).toMatchObject({ status: 403, code: "not_yours" });
    expect(await errorOf(await remove(answer.id))).toMatchObject({ status: 403, code: "not_yours" });
    const deleted = await remove(answer.id, bob);
    expect(deleted.status).toBe(200);
    expect(((await deleted.json()) as { comment: Comment }).comment).toMatchObject({ id: answer.id, deleted: true, text: "" });
    await stream.until((events) => commentsIn(events).some((c) => c.id === answer.id && c.deleted === true), "the delete");
    stream.close();
    expect(await errorOf(await remove(answer.id, bob))).toMatchObject({ status: 404, code: "not_found" });
    expect(await errorOf(await remove("not-a-comment", bob))).toMatchObject({ status: 404, code: "not_found" });
  });
});
