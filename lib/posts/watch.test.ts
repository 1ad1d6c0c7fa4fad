// The live streams against a real redis-server: a post's counts and comments, the list's counts.
import { describe, expect, it } from "vitest";
import { useKvTestEnv, waitFor, withTimeout } from "@/lib/kv/test-support";
import { addComment } from "./comment";
import { likePost, unlikePost } from "./like";
import { getPostPage } from "./read";
import { watchListCounts } from "./watch-list";
import { watchPost, type PostUpdate } from "./watch-post";

const env = useKvTestEnv();
const POST = "why-we-stopped-polling";

/** Reads updates until one matches; fails after a second. */
async function until<T, S extends T>(iterator: AsyncIterator<T>, match: (value: T) => value is S, what: string): Promise<S>;
async function until<T>(iterator: AsyncIterator<T>, match: (value: T) => boolean, what: string): Promise<T>;
async function until<T>(iterator: AsyncIterator<T>, match: (value: T) => boolean, what: string): Promise<T> {
  return withTimeout(
    (async () => {
      for (;;) {
        const result = await iterator.next();
        if (result.done) throw new Error(`stream ended before ${what}`);
        if (match(result.value)) return result.value;
      }
    })(),
    1000,
    what,
  );
}

const isCounts = (update: PostUpdate): update is Extract<PostUpdate, { kind: "counts" }> => update.kind === "counts";
const isComments = (update: PostUpdate): update is Extract<PostUpdate, { kind: "comments" }> => update.kind === "comments";

describe("watchPost", () => {
  it("starts with the full counts, then follows likes, unlikes and comments", async () => {
    const kv = await env.open();
    const page = await getPostPage(kv, POST, "alice");
    const updates = await watchPost(kv, POST, { visitorId: "alice", since: null });
    const first = await until(updates, isCounts, "the first state");
    expect(first.counts).toMatchObject({ likes: 0, comments: page?.counts.comments, liked: false });
    expect(first.cursor).toBe(page?.cursor);

    await likePost(kv, POST, "bob");
    expect((await until(updates, isCounts, "bob's like")).counts).toMatchObject({ likes: 1, liked: false });
    await likePost(kv, POST, "alice");
    expect((await until(updates, isCounts, "alice's like")).counts).toMatchObject({ likes: 2, liked: true });
    await unlikePost(kv, POST, "alice");
    expect((await until(updates, isCounts, "alice's unlike")).counts).toMatchObject({ likes: 1, liked: false });

    const comment = await addComment(kv, POST, { author: "Carol", text: "Live!" });
    const delivered = await until(updates, (u) => isComments(u) && u.comments.length > 0, "the comment");
    expect(delivered).toMatchObject({ kind: "comments", comments: [comment] });
    const counts = await until(updates, (u) => isCounts(u) && u.counts.comments === (page?.counts.comments ?? 0) + 1, "the count");
    // The counts event after the comment carries the comment's cursor.
    expect(counts.cursor).toBe(delivered.cursor);
    await updates.return?.();
  });

  it("resumes after a cursor: exactly the comments committed after it, in order", async () => {
    const kv = await env.open();
    const updates = await watchPost(kv, POST, { visitorId: null, since: null });
    const a = await addComment(kv, POST, { author: "a", text: "one" });
    const afterA = await until(updates, (u) => isComments(u) && u.comments.some((c) => c.id === a.id), "comment one");
    await updates.return?.();

    // While "disconnected", two more comments arrive.
    const b = await addComment(kv, POST, { author: "b", text: "two" });
    const c = await addComment(kv, POST, { author: "c", text: "three" });
    const resumed = await watchPost(kv, POST, { visitorId: null, since: afterA.cursor });
    const seen: string[] = [];
    await until(
      resumed,
      (u) => {
        if (isComments(u)) seen.push(...u.comments.map((comment) => comment.text));
        return seen.length >= 2;
      },
      "the missed comments",
    );
    expect(seen).toEqual([b.text, c.text]);
    await resumed.return?.();
  });

  it("from the page's cursor, streams only what the page did not have", async () => {
    const kv = await env.open();
    const page = await getPostPage(kv, POST, null);
    const later = await addComment(kv, POST, { author: "d", text: "after the page" });
    const updates = await watchPost(kv, POST, { visitorId: null, since: page?.cursor ?? null });
    const first = await until(updates, (u) => isComments(u) && u.comments.length > 0, "the comment after the page");
    expect(isComments(first) && first.comments.map((comment) => comment.id)).toEqual([later.id]);
    await updates.return?.();
  });

  it("refuses an unknown post, and return() releases both watches at once", async () => {
    const kv = await env.open();
    await expect(watchPost(kv, "missing-post", { visitorId: null, since: null })).rejects.toMatchObject({ status: 404 });
    const updates = await watchPost(kv, POST, { visitorId: "x", since: null });
    await until(updates, isCounts, "the first state");
    expect(kv.watchStats().watchers).toBe(2);
    const pending = updates.next();
    await updates.return?.();
    await withTimeout(pending, 1000, "the pending read to end");
    await waitFor(() => kv.watchStats().watchers === 0, "the watches to end");
  });
});

describe("watchListCounts", () => {
  it("splits many posts over several watches and sends the full map first, then changes", async () => {
    const kv = await env.open();
    // Twelve ids: three watches of at most ten keys. Counters need no post to be watched.
    const ids = Array.from({ length: 12 }, (_, i) => `post-${i}`);
    await likePost(kv, POST, "someone"); // seeds the demo posts; other ids stay at zero
    const updates = watchListCounts(kv, [...ids, POST]);
    const first = await until(updates, () => true, "the first state");
    expect(Object.keys(first.counts).sort()).toEqual([...ids, POST].sort());
    expect(first.counts[POST]).toEqual({ likes: 1, comments: 2 });
    expect(first.counts["post-11"]).toEqual({ likes: 0, comments: 0 });
    expect(kv.watchStats().watchers).toBe(3);

    const like = await likePost(kv, POST, "another");
    const next = await until(updates, (state) => state.counts[POST]?.likes === 2, "the second like");
    expect(next.version).toBe(like.version);
    expect(Object.keys(next.counts)).toHaveLength(13);
    await updates.return?.();
    await waitFor(() => kv.watchStats().watchers === 0, "the watches to end");
  });

  it("refuses an empty or oversized list", async () => {
    const kv = await env.open();
    expect(() => watchListCounts(kv, [])).toThrow(RangeError);
    expect(() => watchListCounts(kv, Array.from({ length: 51 }, (_, i) => `p${i}`))).toThrow(RangeError);
  });
});
