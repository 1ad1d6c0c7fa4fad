// Demo seeding: however often and however concurrently it runs, each post exists once.
import { describe, expect, it } from "vitest";
import type { KvU64 } from "@/lib/kv";
import { collect, useKvTestEnv } from "@/lib/kv/test-support";
import { seedDemoPosts, ensureDemoPosts } from "./demo";
import { DEMO_POSTS } from "./demo-content";
import { commentCountKey, commentsPrefix, postsPrefix } from "./keys";
import { listPosts } from "./read";

const env = useKvTestEnv();
const demoComments = DEMO_POSTS.reduce((total, demo) => total + demo.comments.length, 0);

async function countEverything(prefix: string) {
  const kv = await env.open(prefix);
  const posts = await collect(kv.list({ prefix: postsPrefix }));
  let comments = 0;
  let counted = 0;
  for (const demo of DEMO_POSTS) {
    comments += (await collect(kv.list({ prefix: commentsPrefix(demo.post.id) }))).length;
    counted += Number((await kv.get<KvU64>(commentCountKey(demo.post.id))).value?.value ?? 0n);
  }
  return { posts: posts.length, comments, counted };
}

describe("demo posts", () => {
  it("seeding twice creates them once", async () => {
    const prefix = `demo-twice-${Date.now()}`;
    const kv = await env.open(prefix);
    expect(await seedDemoPosts(kv)).toBe(DEMO_POSTS.length);
    expect(await seedDemoPosts(kv)).toBe(0);
    expect(await countEverything(prefix)).toEqual({ posts: DEMO_POSTS.length, comments: demoComments, counted: demoComments });
  });

  it("seeding from 8 instances at once creates each post once, whole", async () => {
    const prefix = `demo-race-${Date.now()}`;
    const instances = await Promise.all(Array.from({ length: 8 }, () => env.open(prefix)));
    const created = await Promise.all(instances.flatMap((kv) => [seedDemoPosts(kv), seedDemoPosts(kv)]));
    expect(created.reduce((a, b) => a + b, 0)).toBe(DEMO_POSTS.length);
    expect(await countEverything(prefix)).toEqual({ posts: DEMO_POSTS.length, comments: demoComments, counted: demoComments });
  });

  it("a fresh store lists the demo posts (seeded on first use), newest first", async () => {
    const kv = await env.open();
    await Promise.all([ensureDemoPosts(kv), ensureDemoPosts(kv)]);
    const posts = await listPosts(kv, null);
    expect(posts.map((post) => post.id)).toEqual(
      [...DEMO_POSTS].sort((a, b) => b.post.publishedAt.localeCompare(a.post.publishedAt)).map((demo) => demo.post.id),
    );
    expect(posts.every((post) => post.counts.likes === 0 && !post.liked)).toBe(true);
    expect(posts.map((post) => post.counts.comments).reduce((a, b) => a + b, 0)).toBe(demoComments);
    expect(posts[0]).not.toHaveProperty("body");
  });
});
