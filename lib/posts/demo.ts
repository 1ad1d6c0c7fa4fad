// Seeding the demo posts, idempotently. Each post is created by one commit that checks its
// key is still absent, together with its demo comments and their count: a restart, or two
// app instances starting at once, can only ever create each post once, whole.

import type { Kv } from "@/lib/kv";
import { DEMO_POSTS, type DemoPost } from "./demo-content";
import { ensureFeed } from "./feed";
import { timePrefix } from "./ids";
import { commentCountKey, commentKey, postKey } from "./keys";
import type { Comment } from "./types";

/** Demo comment ids are fixed (not random) so the content reads the same on every machine. */
function demoComments(demo: DemoPost): Comment[] {
  return demo.comments.map((comment, i) => ({
    ...comment,
    id: `${timePrefix(Date.parse(comment.createdAt))}Demo${String(i + 1).padStart(4, "0")}`,
    postId: demo.post.id,
  }));
}

async function seedOne(kv: Kv, demo: DemoPost): Promise<boolean> {
  const { id } = demo.post;
  const op = kv.atomic().check({ key: postKey(id), versionstamp: null }).set(postKey(id), demo.post);
  const comments = demoComments(demo);
  for (const comment of comments) op.set(commentKey(id, comment.id), comment);
  if (comments.length > 0) op.sum(commentCountKey(id), BigInt(comments.length));
  return (await op.commit()).ok;
}

/** Creates every demo post that does not exist yet; returns how many this call created. */
export async function seedDemoPosts(kv: Kv, demos: readonly DemoPost[] = DEMO_POSTS): Promise<number> {
  // A read first, so that the usual case (all there) costs one round trip and no commits.
  const existing = await kv.getMany(demos.map((demo) => postKey(demo.post.id)));
  const missing = demos.filter((_, i) => existing[i].versionstamp === null);
  const created = await Promise.all(missing.map((demo) => seedOne(kv, demo)));
  return created.filter(Boolean).length;
}

const seeded = new WeakMap<Kv, Promise<void>>();

/**
 * Seeds once per Kv per process, on first use, and makes the list of posts if there is none
 * yet; a failed attempt is retried by the next call.
 */
export function ensureDemoPosts(kv: Kv): Promise<void> {
  let pending = seeded.get(kv);
  if (!pending) {
    pending = seedDemoPosts(kv).then(() => ensureFeed(kv));
    seeded.set(kv, pending);
    pending.catch(() => {
      if (seeded.get(kv) === pending) seeded.delete(kv);
    });
  }
  return pending;
}
