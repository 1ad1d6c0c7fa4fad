// Replies and deleting one's own comment, against a real redis-server: who may delete, the
// count, replies one level deep, and every open page learning of a delete.
import { describe, expect, it } from "vitest";
import { useKvTestEnv, withTimeout } from "@/lib/kv/test-support";
import { authorIdOf } from "./author-id";
import { addCommentOnce } from "./comment";
import { deleteComment } from "./delete-comment";
import { getPostPage } from "./read";
import type { Comment } from "./types";
import { watchPost, type PostUpdate } from "./watch-post";

const env = useKvTestEnv();
const POST = "server-sent-events-are-enough"; // the demo post without demo comments
const ANN = authorIdOf("ann-visitor");
const BOB = authorIdOf("bob-visitor");

async function comment(kv: Parameters<typeof addCommentOnce>[0], authorId: string, text: string, parentId?: string): Promise<Comment> {
  return (await addCommentOnce(kv, POST, { author: "Someone", text, parentId }, null, Date.now(), authorId)).comment;
}

async function shown(kv: Parameters<typeof getPostPage>[0]) {
  const page = await getPostPage(kv, POST, null);
  return { count: page?.counts.comments, comments: page?.comments.map((c) => ({ text: c.text, deleted: c.deleted ?? false, replies: c.replies ?? 0 })) };
}

describe("replies", () => {
  it("a reply names its parent, and the parent counts it", async () => {
    const kv = await env.open();
    const parent = await comment(kv, ANN, "question");
    const reply = await comment(kv, BOB, "answer", parent.id);
    expect(reply).toMatchObject({ parentId: parent.id, authorId: BOB });
    expect(await shown(kv)).toEqual({
      count: 2,
      comments: [
        { text: "question", deleted: false, replies: 1 },
        { text: "answer", deleted: false, replies: 0 },
      ],
    });
  });

  it("go one level deep, and never under a deleted or unknown comment", async () => {
    const kv = await env.open();
    const parent = await comment(kv, ANN, "question");
    const reply = await comment(kv, BOB, "answer", parent.id);
    await expect(comment(kv, ANN, "deeper", reply.id)).rejects.toMatchObject({ code: "invalid_parent", status: 422 });
    await expect(comment(kv, ANN, "lost", "000000000Nope0000")).rejects.toMatchObject({ code: "invalid_parent" });
    await expect(comment(kv, ANN, "bad", "../x")).rejects.toMatchObject({ code: "invalid_parent" });
    await deleteComment(kv, POST, parent.id, ANN);
    await expect(comment(kv, BOB, "late", parent.id)).rejects.toMatchObject({ code: "invalid_parent" });
    expect((await shown(kv)).count).toBe(1);
  });
});

describe("deleteComment", () => {
  it("only by its author: empties it and takes it off the count", async () => {
    const kv = await env.open();
    const mine = await comment(kv, ANN, "oops");
    await expect(deleteComment(kv, POST, mine.id, BOB)).rejects.toMatchObject({ code: "not_yours", status: 403 });
    const tombstone = await deleteComment(kv, POST, mine.id, ANN);
    expect(tombstone).toEqual({ id: mine.id, postId: POST, author: "", text: "", createdAt: mine.createdAt, deleted: true });
    expect(await shown(kv)).toEqual({ count: 0, comments: [{ text: "", deleted: true, replies: 0 }] });
    // Deleting it again, or a comment that never was, is not found.
    await expect(deleteComment(kv, POST, mine.id, ANN)).rejects.toMatchObject({ code: "not_found", status: 404 });
    await expect(deleteComment(kv, POST, "000000000Nope0000", ANN)).rejects.toMatchObject({ code: "not_found" });
  });

  it("the demo comments are nobody's to delete", async () => {
    const kv = await env.open();
    const page = await getPostPage(kv, "why-we-stopped-polling", null);
    const demo = page?.comments[0];
    expect(demo).toBeDefined();
    await expect(deleteComment(kv, "why-we-stopped-polling", demo?.id ?? "", ANN)).rejects.toMatchObject({ code: "not_yours" });
  });

  it("a deleted parent keeps its replies; deleting a reply takes it off its parent", async () => {
    const kv = await env.open();
    const parent = await comment(kv, ANN, "question");
    const reply = await comment(kv, BOB, "answer", parent.id);
    await deleteComment(kv, POST, parent.id, ANN);
    expect(await shown(kv)).toEqual({
      count: 1,
      comments: [
        { text: "", deleted: true, replies: 1 },
        { text: "answer", deleted: false, replies: 0 },
      ],
    });
    await deleteComment(kv, POST, reply.id, BOB);
    expect(await shown(kv)).toEqual({
      count: 0,
      comments: [
        { text: "", deleted: true, replies: 0 },
        { text: "", deleted: true, replies: 0 },
      ],
    });
  });

  it("racing replies and a delete of their parent: the count and reply count stay exact", async () => {
    const kv = await env.open();
    const parent = await comment(kv, ANN, "question");
    const results = await Promise.allSettled([
      ...Array.from({ length: 6 }, (_, i) => comment(kv, BOB, `reply ${i}`, parent.id)),
      deleteComment(kv, POST, parent.id, ANN),
    ]);
    const replies = results.slice(0, 6).filter((r) => r.status === "fulfilled").length;
    expect(results[6].status).toBe("fulfilled");
    const after = await shown(kv);
    expect(after.count).toBe(replies);
    expect(after.comments?.[0]).toEqual({ text: "", deleted: true, replies });
  });

  it("reaches a page that is open, through its comment stream", async () => {
    const kv = await env.open();
    const mine = await comment(kv, ANN, "soon gone");
    const updates = await watchPost(kv, POST, { visitorId: null, since: null });
    await deleteComment(kv, POST, mine.id, ANN);
    const seen = await withTimeout(
      (async () => {
        for (;;) {
          const { value, done } = (await updates.next()) as IteratorResult<PostUpdate>;
          if (done) throw new Error("ended");
          if (value.kind === "comments" && value.comments.some((c) => c.id === mine.id)) return value.comments;
        }
      })(),
      1000,
      "the delete",
    );
    expect(seen.find((c) => c.id === mine.id)).toMatchObject({ deleted: true, text: "", author: "" });
    await updates.return?.();
  });
});
