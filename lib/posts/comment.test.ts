// Comments against a real redis-server: validation, the count moving with the comments, order.
import { describe, expect, it } from "vitest";
import { KvU64 } from "@/lib/kv";
import { uniquePrefix, useKvTestEnv } from "@/lib/kv/test-support";
import { addComment, addCommentOnce } from "./comment";
import { commentCountKey } from "./keys";
import { getPostPage } from "./read";
import { normalizeAuthor, normalizeText } from "./validate";

const env = useKvTestEnv();
const POST = "server-sent-events-are-enough"; // the demo post without demo comments

describe("comment validation", () => {
  it("accepts 1–40 character names and 1–2,000 character texts, counted in characters", () => {
    expect(normalizeAuthor("  Ada   Lovelace \n")).toBe("Ada Lovelace");
    expect(normalizeAuthor("x".repeat(40))).toHaveLength(40);
    expect(normalizeAuthor("😀".repeat(40))).toBe("😀".repeat(40)); // 80 UTF-16 units, 40 characters
    expect(normalizeText("y".repeat(2000))).toHaveLength(2000);
    expect(normalizeText("é".normalize("NFD").repeat(2000))).toBe("é".repeat(2000));
  });

  it("refuses empty and too long names and texts with their own codes", () => {
    for (const author of ["", "   ", "\u202e", "x".repeat(41)]) {
      expect(() => normalizeAuthor(author)).toThrow(expect.objectContaining({ code: "invalid_author", status: 422 }));
    }
    for (const text of ["", " \n\t ", "y".repeat(2001)]) {
      expect(() => normalizeText(text)).toThrow(expect.objectContaining({ code: "invalid_text", status: 422 }));
    }
    expect(() => normalizeText("y".repeat(2001))).toThrow(/2,001 characters long; at most 2,000/);
  });

  it("keeps text as text: markup untouched, controls and bidi overrides dropped, blank lines capped", () => {
    expect(normalizeText("<script>alert(1)</script>")).toBe("<script>alert(1)</script>");
    expect(normalizeText("a\u0000b\u0007c\u202ed\u2066e")).toBe("abcde");
    expect(normalizeText("one\r\n\r\n\r\n\r\ntwo  \nthree")).toBe("one\n\ntwo\nthree");
    expect(normalizeAuthor("Eve\u202e\u2067 Admin")).toBe("Eve Admin");
  });
});

describe("addComment", () => {
  it("stores the comment and bumps the count in the same commit", async () => {
    const kv = await env.open();
    const comment = await addComment(kv, POST, { author: " Ada ", text: "First!\n\nGreat post." }, Date.parse("2026-11-20T10:00:00Z"));
    expect(comment).toMatchObject({ postId: POST, author: "Ada", text: "First!\n\nGreat post.", createdAt: "2026-11-20T10:00:00.000Z" });
    expect(comment.id).toMatch(/^[0-9a-z]{9}[0-9A-Za-z]{8}$/);
    expect((await kv.get<KvU64>(commentCountKey(POST))).value).toEqual(new KvU64(1n));
    const page = await getPostPage(kv, POST, null);
    expect(page?.comments).toEqual([comment]);
    expect(page?.counts.comments).toBe(1);
  });

  it("keeps the count equal to the comments under concurrency, in time order", async () => {
    const kv = await env.open();
    const base = Date.parse("2026-11-20T10:00:00Z");
    const posted = await Promise.all(
      Array.from({ length: 50 }, (_, i) => addComment(kv, POST, { author: `user${i}`, text: `comment ${i}` }, base + (i % 7))),
    );
    const page = await getPostPage(kv, POST, null);
    expect(page?.counts.comments).toBe(50);
    expect(page?.comments).toHaveLength(50);
    expect(new Set(posted.map((c) => c.id)).size).toBe(50);
    const ids = page?.comments.map((c) => c.id) ?? [];
    expect(ids).toEqual([...ids].sort());
  });

  it("shows the newest comments, oldest first, and says when there are more", async () => {
    const kv = await env.open();
    const base = Date.parse("2026-11-20T10:00:00Z");
    for (let i = 0; i < 5; i++) await addComment(kv, POST, { author: "a", text: `n${i}` }, base + i * 1000);
    const page = await getPostPage(kv, POST, null, { commentLimit: 3 });
    expect(page?.comments.map((c) => c.text)).toEqual(["n2", "n3", "n4"]);
    expect(page?.moreComments).toBe(true);
    expect((await getPostPage(kv, POST, null, { commentLimit: 5 }))?.moreComments).toBe(false);
  });

  it("refuses bad input and unknown posts without writing anything", async () => {
    const kv = await env.open();
    await expect(addComment(kv, POST, { author: "", text: "hi" })).rejects.toMatchObject({ code: "invalid_author" });
    await expect(addComment(kv, POST, { author: "a", text: "" })).rejects.toMatchObject({ code: "invalid_text" });
    await expect(addComment(kv, "nope", { author: "a", text: "hi" })).rejects.toMatchObject({ code: "not_found", status: 404 });
    expect((await getPostPage(kv, POST, null))?.counts.comments).toBe(0);
  });
});

describe("addCommentOnce with a clientId", () => {
  const client = { clientId: "comment-once-01", scope: { id: "visitor-a", isNew: false } };
  const input = { author: "Ada", text: "Sent twice, posted once." };

  it("a repeat returns the first comment, created false: one comment, the count moved once", async () => {
    const kv = await env.open();
    const first = await addCommentOnce(kv, POST, input, client);
    const again = await addCommentOnce(kv, POST, input, client);
    expect(first.created).toBe(true);
    expect(again).toEqual({ created: false, comment: first.comment });
    const page = await getPostPage(kv, POST, null);
    expect(page?.comments).toEqual([first.comment]);
    expect(page?.counts.comments).toBe(1);
  });

  it("concurrent twins on two app instances post one comment, both answered with it", async () => {
    const prefix = uniquePrefix("comment-twins");
    const [a, b] = [await env.open(prefix), await env.open(prefix)];
    const results = await Promise.all([addCommentOnce(a, POST, input, client), addCommentOnce(b, POST, input, client)]);
    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    expect(results[0].comment).toEqual(results[1].comment);
    expect((await getPostPage(a, POST, null))?.counts.comments).toBe(1);
  });

  it("the same clientId with another text is 422 client_id_reused", async () => {
    const kv = await env.open();
    await addCommentOnce(kv, POST, input, client);
    await expect(addCommentOnce(kv, POST, { ...input, text: "Edited." }, client)).rejects.toMatchObject({
      status: 422,
      code: "client_id_reused",
    });
    expect((await getPostPage(kv, POST, null))?.counts.comments).toBe(1);
  });

  // A post's clientIds are kept under the post (in its partition on a Redis Cluster, so that
  // the comment's commit remembers its clientId): another post's are another set.
  it("the same clientId on another post is that post's own create", async () => {
    const kv = await env.open();
    const OTHER = "deno-kv-watch-on-redis"; // a demo post with demo comments
    await addCommentOnce(kv, POST, input, client);
    const before = (await getPostPage(kv, OTHER, null))?.counts.comments ?? 0;
    const other = await addCommentOnce(kv, OTHER, input, client);
    expect(other.created).toBe(true);
    expect((await getPostPage(kv, POST, null))?.counts.comments).toBe(1);
    expect((await getPostPage(kv, OTHER, null))?.counts.comments).toBe(before + 1);
  });
});
