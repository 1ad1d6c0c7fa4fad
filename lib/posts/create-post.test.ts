// Writing posts against a real redis-server: validation, the list, idempotent retries, and
// the list page's stream showing a new post live.
import { describe, expect, it } from "vitest";
import { createRequest, rememberCreated, type ClientKey } from "@/lib/idempotency";
import type { Kv } from "@/lib/kv";
import { useKvTestEnv, withTimeout } from "@/lib/kv/test-support";
import { createPostOnce } from "./create-post";
import { DEMO_POSTS } from "./demo-content";
import { MAX_LISTED_POSTS } from "./limits";
import { likePost } from "./like";
import { postKey } from "./keys";
import { getPostPage, listPosts } from "./read";
import type { PostRecord } from "./types";
import { normalizePost } from "./validate";
import { watchPostList, type PostListUpdate } from "./watch-list";

const env = useKvTestEnv();
const ann = (id = "ann") => ({ clientId: null, scope: { id, isNew: false } });
const input = { author: " Ann ", title: "  Hello,   Wörld! ", body: "First **post**.\n\n\n\nSecond paragraph with [a link](https://example.com)." };

/** Reads updates until one matches; fails after a second. */
async function until(updates: AsyncIterator<PostListUpdate>, match: (update: PostListUpdate) => boolean, what: string) {
  return withTimeout(
    (async () => {
      for (;;) {
        const result = await updates.next();
        if (result.done) throw new Error(`stream ended before ${what}`);
        if (match(result.value)) return result.value;
      }
    })(),
    1000,
    what,
  );
}

describe("createPostOnce", () => {
  it("stores a normalized post with a readable id and lists it first", async () => {
    const kv = await env.open();
    const { post, created } = await createPostOnce(kv, input, null, Date.parse("2026-12-01T10:00:00Z"));
    expect(created).toBe(true);
    expect(post).toMatchObject({
      title: "Hello, Wörld!",
      author: "Ann",
      markdown: "First **post**.\n\nSecond paragraph with [a link](https://example.com).",
      body: ["First post.", "Second paragraph with a link."],
      summary: "First post. Second paragraph with a link.",
      publishedAt: "2026-12-01T10:00:00.000Z",
      tags: [],
    });
    expect(post.id).toMatch(/^hello-world-[a-z0-9]{8}$/);
    const list = await listPosts(kv, null);
    expect(list.map((item) => item.id)).toEqual([post.id, ...[...DEMO_POSTS].sort((a, b) => b.post.publishedAt.localeCompare(a.post.publishedAt)).map((demo) => demo.post.id)]);
    expect(list[0]).not.toHaveProperty("markdown");
    expect((await getPostPage(kv, post.id, null))?.post).toEqual(post);
  });

  it("refuses empty and over-long titles and bodies with their own codes", async () => {
    const kv = await env.open();
    await expect(createPostOnce(kv, { ...input, title: " \n " }, null)).rejects.toMatchObject({ code: "invalid_title", status: 422 });
    await expect(createPostOnce(kv, { ...input, title: "t".repeat(121) }, null)).rejects.toMatchObject({ code: "invalid_title" });
    await expect(createPostOnce(kv, { ...input, body: "\u202e" }, null)).rejects.toMatchObject({ code: "invalid_body", status: 422 });
    await expect(createPostOnce(kv, { ...input, body: "b".repeat(4001) }, null)).rejects.toThrow(/4,001 characters long; at most 4,000/);
    await expect(createPostOnce(kv, { ...input, author: "" }, null)).rejects.toMatchObject({ code: "invalid_author" });
    expect((await listPosts(kv, null)).length).toBe(DEMO_POSTS.length);
  });

  it("a title without latin letters still gets an id", async () => {
    const kv = await env.open();
    const { post } = await createPostOnce(kv, { ...input, title: "🎉 日本語" }, null);
    expect(post.id).toMatch(/^post-[a-z0-9]{8}$/);
  });

  it("the same clientId sent again (or twice at once) writes one post", async () => {
    const kv = await env.open();
    const client = { clientId: "post-client-id-1", scope: { id: "ann", isNew: false } };
    const [a, b] = await Promise.all([createPostOnce(kv, input, client), createPostOnce(kv, input, client)]);
    const again = await createPostOnce(kv, input, client);
    expect(a.post).toEqual(b.post);
    expect(again).toEqual({ post: a.post, created: false });
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect((await listPosts(kv, null)).filter((post) => post.title === "Hello, Wörld!")).toHaveLength(1);
    await expect(createPostOnce(kv, { ...input, body: "Other." }, client)).rejects.toMatchObject({ code: "client_id_reused" });
  });

  it("posts written at once are all listed, newest first, and the list keeps the newest 50", async () => {
    const kv = await env.open();
    const base = Date.parse("2026-12-01T10:00:00Z");
    const written = await Promise.all(
      Array.from({ length: 12 }, (_, i) => createPostOnce(kv, { ...input, title: `Post ${i}` }, ann(`v${i}`), base + i)),
    );
    const listed = (await listPosts(kv, null)).map((post) => post.id);
    for (const { post } of written) expect(listed).toContain(post.id);
    for (let i = 0; i < MAX_LISTED_POSTS; i++) await createPostOnce(kv, { ...input, title: `More ${i}` }, null, base + 100 + i);
    const full = await listPosts(kv, null);
    expect(full).toHaveLength(MAX_LISTED_POSTS);
    expect(full[0].title).toBe(`More ${MAX_LISTED_POSTS - 1}`);
    expect(full.at(-1)?.title).toBe("More 0");
  });
});

// What a create with a clientId leaves when its process dies after step 1 (the claim) or
// step 2 (the post), before the post is listed (create-post.ts).
async function stoppedCreate(kv: Kv, client: ClientKey, id: string, post: PostRecord | null): Promise<void> {
  const { author, title, body } = normalizePost(input);
  await listPosts(kv, null); // the demo posts and the list, as any earlier request made them
  const claimed = await rememberCreated(kv.atomic(), createRequest("post_client_ids", [author, title, body], client), id).commit();
  expect(claimed.ok).toBe(true);
  if (post !== null) await kv.set(postKey(id), post);
}

/** What a create of `input` writes, with this id and date. */
function recordOf(id: string, at: number): PostRecord {
  const { author, title, body } = normalizePost(input);
  return { id, title, author, markdown: body, summary: "", body: [], publishedAt: new Date(at).toISOString(), tags: [] };
}

describe("a create stopped between its steps", () => {
  const client = { clientId: "post-client-id-2", scope: { id: "ann", isNew: false } };

  it("after the claim: nothing is listed, and the retry writes the post and lists it", async () => {
    const kv = await env.open();
    await stoppedCreate(kv, client, "hello-world-stopped1", null);
    expect((await listPosts(kv, null)).map((post) => post.id)).not.toContain("hello-world-stopped1");

    const retry = await createPostOnce(kv, input, client);
    expect(retry.created).toBe(false);
    expect(retry.post).toMatchObject({ id: "hello-world-stopped1", title: "Hello, Wörld!", author: "Ann" });
    expect((await listPosts(kv, null))[0].id).toBe("hello-world-stopped1");
    expect((await getPostPage(kv, "hello-world-stopped1", null))?.post).toEqual(retry.post);
  });

  it("after the post: the retry lists it, in its place by date, and once", async () => {
    const kv = await env.open();
    const base = Date.parse("2026-12-01T10:00:00Z");
    const { post: newer } = await createPostOnce(kv, { ...input, title: "Newer" }, null, base + 1000);
    const stopped = recordOf("hello-world-stopped2", base);
    await stoppedCreate(kv, client, stopped.id, stopped);
    expect((await listPosts(kv, null)).map((post) => post.id)).not.toContain(stopped.id);

    expect(await createPostOnce(kv, input, client)).toEqual({ post: stopped, created: false });
    expect(await createPostOnce(kv, input, client)).toEqual({ post: stopped, created: false });
    expect((await listPosts(kv, null)).map((post) => post.id).slice(0, 2)).toEqual([newer.id, stopped.id]);
  });

  it("a post older than a full list of newer ones is not put on top by its retry", async () => {
    const kv = await env.open();
    const base = Date.parse("2026-12-01T10:00:00Z");
    for (let i = 0; i < MAX_LISTED_POSTS; i++) await createPostOnce(kv, { ...input, title: `Later ${i}` }, null, base + 1000 + i);
    const old = recordOf("hello-world-stopped3", base);
    await stoppedCreate(kv, client, old.id, old);

    expect(await createPostOnce(kv, input, client)).toEqual({ post: old, created: false });
    const listed = (await listPosts(kv, null)).map((post) => post.title);
    expect(listed).toHaveLength(MAX_LISTED_POSTS);
    expect(listed[0]).toBe(`Later ${MAX_LISTED_POSTS - 1}`);
    expect(listed).not.toContain(old.title);
  });
});

describe("watchPostList", () => {
  it("sends the listed posts and their counts, then a new post and its counts as they happen", async () => {
    const kv = await env.open();
    await listPosts(kv, null); // seeds the demo posts and the list
    const updates = watchPostList(kv);
    const first = await until(updates, (u) => u.kind === "posts", "the list");
    expect(first.kind === "posts" && first.posts.map((post) => post.id)).toHaveLength(DEMO_POSTS.length);
    await until(updates, (u) => u.kind === "counts", "the counts");

    const { post } = await createPostOnce(kv, input, null);
    const listed = await until(updates, (u) => u.kind === "posts" && u.posts[0]?.id === post.id, "the new post");
    expect(listed.kind === "posts" && listed.posts[0]).toEqual({
      id: post.id,
      title: post.title,
      summary: post.summary,
      author: post.author,
      publishedAt: post.publishedAt,
      tags: [],
    });
    // Its counters are watched from then on.
    await likePost(kv, post.id, "bob");
    await until(updates, (u) => u.kind === "counts" && u.counts[post.id]?.likes === 1, "the new post's like");
    await updates.return?.();
  });
});
