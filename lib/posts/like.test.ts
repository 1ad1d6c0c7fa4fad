// Likes against a real redis-server: the counter always equals the number of visitors who
// like a post, however the requests race.
import { describe, expect, it } from "vitest";
import { KvU64 } from "@/lib/kv";
import { useKvTestEnv } from "@/lib/kv/test-support";
import { likeMarkerKey, likesKey } from "./keys";
import { likePost, unlikePost } from "./like";
import { getLikeState, getPostPage, listPosts } from "./read";

const env = useKvTestEnv();
const POST = "one-like-one-commit";

describe("likePost / unlikePost", () => {
  it("counts 100 different visitors liking one post concurrently exactly 100 times", async () => {
    const kv = await env.open();
    const visitors = Array.from({ length: 100 }, (_, i) => `visitor-${i}`);
    const states = await Promise.all(visitors.map((visitor) => likePost(kv, POST, visitor)));
    expect(states.every((state) => state.liked)).toBe(true);
    expect((await kv.get<KvU64>(likesKey(POST))).value).toEqual(new KvU64(100n));
    expect((await getLikeState(kv, POST, "visitor-7")).likes).toBe(100);
  });

  it("counts one visitor liking from 10 concurrent requests once", async () => {
    const kv = await env.open();
    const states = await Promise.all(Array.from({ length: 10 }, () => likePost(kv, POST, "alice")));
    expect(states.map((state) => state.liked)).toEqual(Array(10).fill(true));
    expect(await getLikeState(kv, POST, "alice")).toMatchObject({ liked: true, likes: 1 });
  });

  it("counts one visitor once across several app instances sharing the keyspace", async () => {
    const prefix = `likes-shared-${Date.now()}`;
    const instances = await Promise.all(Array.from({ length: 4 }, () => env.open(prefix)));
    await Promise.all(instances.flatMap((kv) => Array.from({ length: 5 }, () => likePost(kv, POST, "bob"))));
    expect(await getLikeState(instances[0], POST, "bob")).toMatchObject({ liked: true, likes: 1 });
  });

  it("unlike brings the count back, and unliking without a like changes nothing", async () => {
    const kv = await env.open();
    await likePost(kv, POST, "carol");
    await likePost(kv, POST, "dave");
    expect(await unlikePost(kv, POST, "carol")).toMatchObject({ liked: false, likes: 1 });
    expect((await kv.get(likeMarkerKey(POST, "carol"))).versionstamp).toBeNull();
    // Carol again, and Erin who never liked: no change, and never below zero.
    expect(await unlikePost(kv, POST, "carol")).toMatchObject({ liked: false, likes: 1 });
    expect(await unlikePost(kv, POST, "erin")).toMatchObject({ liked: false, likes: 1 });
    expect(await unlikePost(kv, POST, "dave")).toMatchObject({ liked: false, likes: 0 });
    expect((await kv.get<KvU64>(likesKey(POST))).value).toEqual(new KvU64(0n));
  });

  it("10 concurrent unlikes by one visitor take back exactly one like", async () => {
    const kv = await env.open();
    await Promise.all(["frank", "grace", "heidi"].map((visitor) => likePost(kv, POST, visitor)));
    await Promise.all(Array.from({ length: 10 }, () => unlikePost(kv, POST, "frank")));
    expect(await getLikeState(kv, POST, "frank")).toMatchObject({ liked: false, likes: 2 });
  });

  it("interleaved likes and unlikes by many visitors leave count = number of markers", async () => {
    const kv = await env.open();
    const visitors = Array.from({ length: 30 }, (_, i) => `v${i}`);
    // Each visitor: like, unlike, like — all visitors at once, each visitor's calls racing too.
    await Promise.all(
      visitors.map(async (visitor, i) => {
        await Promise.all([likePost(kv, POST, visitor), likePost(kv, POST, visitor)]);
        if (i % 3 === 0) await Promise.all([unlikePost(kv, POST, visitor), unlikePost(kv, POST, visitor)]);
      }),
    );
    const states = await Promise.all(visitors.map((visitor) => getLikeState(kv, POST, visitor)));
    const likers = states.filter((state) => state.liked).length;
    expect(likers).toBe(20);
    expect((await getLikeState(kv, POST, "nobody")).likes).toBe(20);
  });

  it("reports the visitor's like on the post page and the list, and versions grow", async () => {
    const kv = await env.open();
    const before = await getLikeState(kv, POST, "ivan");
    const after = await likePost(kv, POST, "ivan");
    expect(after.version > before.version).toBe(true);
    expect((await getPostPage(kv, POST, "ivan"))?.liked).toBe(true);
    expect((await getPostPage(kv, POST, "judy"))?.liked).toBe(false);
    expect((await getPostPage(kv, POST, null))?.liked).toBe(false);
    const list = await listPosts(kv, "ivan");
    expect(list.find((post) => post.id === POST)).toMatchObject({ liked: true, counts: { likes: 1 } });
    expect(list.filter((post) => post.liked)).toHaveLength(1);
  });

  it("refuses unknown and malformed post ids with not_found", async () => {
    const kv = await env.open();
    await expect(likePost(kv, "no-such-post", "alice")).rejects.toMatchObject({ code: "not_found", status: 404 });
    await expect(unlikePost(kv, "../etc", "alice")).rejects.toMatchObject({ code: "not_found", status: 404 });
    expect((await kv.get(likesKey("no-such-post"))).versionstamp).toBeNull();
  });
});
