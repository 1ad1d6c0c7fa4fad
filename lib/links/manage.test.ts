// Managing a link — edit, pause, delete — by its owner only, seen by every process at the
// next visit even where the link was cached; against a real redis-server. Two Kvs on one
// keyspace play two app instances (each has its own link cache).
import { describe, expect, it } from "vitest";
import { expectFailure, listKeys, uniquePrefix, useKvTestEnv } from "@/lib/kv/test-support";
import { createLink } from "./create";
import { deleteLink } from "./delete";
import { LinkError } from "./errors";
import { followLink } from "./follow";
import { linkKey, recentPrefix } from "./keys";
import { ownsLink, updateLink } from "./manage";
import { resolveLink } from "./resolve";
import { getLinkStats } from "./stats";
import type { DeletedLinkRecord } from "./types";
import type { Visit } from "./visit";
import { listVisitorLinks } from "./visitor-links";

const env = useKvTestEnv();
const ORIGIN = "http://localhost:3000";
const OWNER = "owner-aaaaaaaaaaaaaaaaa";
const ctx = { owner: OWNER, appOrigin: ORIGIN };
const HUMAN: Visit = {
  isBot: false,
  details: { referrer: "direct", country: "DE", browser: "Firefox", os: "Linux", device: "desktop" },
};

async function twoInstances() {
  const prefix = uniquePrefix("manage");
  return [await env.open(prefix), await env.open(prefix)] as const;
}

describe("updateLink", () => {
  it("a new target is followed at once by another instance that had cached the old one", async () => {
    const [a, b] = await twoInstances();
    const link = await createLink(a, { url: "https://old.example/" }, ctx);
    expect(await followLink(b, link.code, HUMAN)).toMatchObject({ kind: "redirect", url: "https://old.example/" });

    const updated = await updateLink(a, link.code, OWNER, { url: "new.example/page" }, ORIGIN);
    expect(updated.url).toBe("https://new.example/page");
    expect(await followLink(b, link.code, HUMAN)).toEqual({ kind: "redirect", url: "https://new.example/page", counted: true });
    expect((await getLinkStats(b, link.code))?.clicks).toBe(2);
  });

  it("a paused link is a paused answer on every instance, counts nothing, and redirects again once resumed", async () => {
    const [a, b] = await twoInstances();
    const link = await createLink(a, { url: "https://paused.example/" }, ctx);
    await followLink(b, link.code, HUMAN);

    await updateLink(a, link.code, OWNER, { paused: true }, ORIGIN);
    expect(await followLink(b, link.code, HUMAN)).toMatchObject({ kind: "paused", link: { paused: true } });
    expect(await followLink(a, link.code, HUMAN)).toMatchObject({ kind: "paused" });
    // b now caches the paused record: resuming elsewhere must still reach it.
    await updateLink(a, link.code, OWNER, { paused: false }, ORIGIN);
    expect(await followLink(b, link.code, HUMAN)).toMatchObject({ kind: "redirect", url: "https://paused.example/", counted: true });
    expect((await getLinkStats(a, link.code))?.clicks).toBe(2);
  });

  it("only the owner may change a link; anyone else changes nothing", async () => {
    const kv = await env.open();
    const link = await createLink(kv, { url: "https://mine.example/" }, ctx);
    const error = await expectFailure(() => updateLink(kv, link.code, "someone-else", { paused: true }, ORIGIN), LinkError);
    expect([error.code, error.status]).toEqual(["not_owner", 403]);
    expect(await followLink(kv, link.code, HUMAN)).toMatchObject({ kind: "redirect", url: "https://mine.example/" });
    const bad = await expectFailure(() => updateLink(kv, link.code, OWNER, { url: "javascript:alert(1)" }, ORIGIN), LinkError);
    expect(bad.code).toBe("invalid_url");
    const none = await expectFailure(() => updateLink(kv, "nothere", OWNER, { paused: true }, ORIGIN), LinkError);
    expect(none.code).toBe("not_found");
  });

  it("ownsLink says whether a visitor created the link: not for anyone else, no cookie or an unknown code", async () => {
    const kv = await env.open();
    const link = await createLink(kv, { url: "https://owned.example/" }, ctx);
    expect(await ownsLink(kv, link.code, OWNER)).toBe(true);
    expect(await ownsLink(kv, link.code.toUpperCase(), OWNER)).toBe(true);
    expect(await ownsLink(kv, link.code, "someone-else")).toBe(false);
    expect(await ownsLink(kv, link.code, null)).toBe(false);
    expect(await ownsLink(kv, "nothere", OWNER)).toBe(false);
  });

  it("the owner's list shows the current target and the paused state", async () => {
    const kv = await env.open();
    const link = await createLink(kv, { url: "https://listed.example/" }, ctx);
    await updateLink(kv, link.code, OWNER, { url: "https://moved.example/", paused: true }, ORIGIN);
    expect(await listVisitorLinks(kv, OWNER)).toMatchObject([{ code: link.code, url: "https://moved.example/", paused: true }]);
  });
});

describe("deleteLink", () => {
  it("removes the link and every key of its analytics; another instance that cached it answers not found; the code is free again", async () => {
    const [a, b] = await twoInstances();
    const link = await createLink(a, { url: "https://gone.example/" }, { ...ctx, generateCode: () => "gone1234" });
    const kept = await createLink(a, { url: "https://kept.example/" }, ctx);
    for (let i = 0; i < 3; i++) await followLink(b, link.code, HUMAN);
    await followLink(b, link.code, { ...HUMAN, isBot: true });
    await followLink(a, kept.code, HUMAN);

    await deleteLink(a, link.code, OWNER);

    const left = (await listKeys(a, { prefix: [] })).map((key) => JSON.stringify(key));
    expect(left.filter((key) => key.includes(link.code))).toEqual([]);
    expect(await followLink(b, link.code, HUMAN)).toEqual({ kind: "not_found" });
    expect(await getLinkStats(b, link.code)).toBeNull();
    expect((await listVisitorLinks(a, OWNER)).map((l) => l.code)).toEqual([kept.code]);
    expect((await getLinkStats(a, kept.code))?.clicks).toBe(1);
    // Free again: a new link may take the code, and starts from nothing.
    const again = await createLink(a, { url: "https://new.example/", code: link.code }, ctx);
    expect((await getLinkStats(b, again.code))?.clicks).toBe(0);
  });

  it("deletes a log of more clicks than one commit may hold, in several commits", async () => {
    const kv = await env.open();
    const link = await createLink(kv, { url: "https://busy.example/" }, ctx);
    // 1,500 log entries, written in two commits of 750.
    for (let start = 0; start < 1500; start += 750) {
      const chunk = kv.atomic();
      for (let i = start; i < start + 750; i++) chunk.set([...recentPrefix(link.code), `id${String(i).padStart(5, "0")}`], { at: "x" });
      await chunk.commit();
    }
    await deleteLink(kv, link.code, OWNER);
    expect(await listKeys(kv, { prefix: recentPrefix(link.code) })).toEqual([]);
  });

  it("a delete stopped half way leaves the link gone, not redirecting; the owner's next delete finishes it", async () => {
    const kv = await env.open();
    const link = await createLink(kv, { url: "https://half.example/" }, ctx);
    await followLink(kv, link.code, HUMAN);
    // What the first step of a delete leaves when the process dies right after it.
    const tombstone: DeletedLinkRecord = { code: link.code, owner: OWNER, deletedAt: new Date().toISOString() };
    await kv.set(linkKey(link.code), tombstone);

    expect(await followLink(kv, link.code, HUMAN)).toEqual({ kind: "not_found" });
    expect(await resolveLink(kv, link.code)).toBeNull();
    expect(await listVisitorLinks(kv, OWNER)).toEqual([]);
    const other = await expectFailure(() => deleteLink(kv, link.code, "someone-else"), LinkError);
    expect(other.code).toBe("not_owner");

    await deleteLink(kv, link.code, OWNER);
    expect((await listKeys(kv, { prefix: [] })).filter((key) => JSON.stringify(key).includes(link.code))).toEqual([]);
  });

  it("only the owner may delete; anyone else deletes nothing", async () => {
    const kv = await env.open();
    const link = await createLink(kv, { url: "https://stays.example/" }, ctx);
    const error = await expectFailure(() => deleteLink(kv, link.code, "someone-else"), LinkError);
    expect([error.code, error.status]).toEqual(["not_owner", 403]);
    expect(await followLink(kv, link.code, HUMAN)).toMatchObject({ kind: "redirect" });
  });
});

describe("codes are case-insensitive", () => {
  it("a custom code is stored in lower case, any spelling reaches it, and another spelling of it is refused", async () => {
    const kv = await env.open();
    const link = await createLink(kv, { url: "https://demo.example/", code: "UX-DEMO" }, ctx);
    expect(link.code).toBe("ux-demo");
    const taken = await expectFailure(() => createLink(kv, { url: "https://other.example/", code: "ux-demo" }, ctx), LinkError);
    expect(taken.code).toBe("code_taken");
    const alsoTaken = await expectFailure(() => createLink(kv, { url: "https://other.example/", code: "Ux-Demo" }, ctx), LinkError);
    expect(alsoTaken.code).toBe("code_taken");
    expect(await followLink(kv, "UX-Demo", HUMAN)).toMatchObject({ kind: "redirect", url: "https://demo.example/" });
    expect((await getLinkStats(kv, "UX-DEMO"))?.clicks).toBe(1);
  });

  it("a link stored under upper-case letters before codes were folded is still found, and its spelling stays taken", async () => {
    const kv = await env.open();
    await kv.set(linkKey("OldCode"), { code: "OldCode", url: "https://legacy.example/", createdAt: new Date().toISOString(), expiresAt: null, owner: OWNER });
    expect(await followLink(kv, "OldCode", HUMAN)).toMatchObject({ kind: "redirect", url: "https://legacy.example/" });
    const taken = await expectFailure(() => createLink(kv, { url: "https://other.example/", code: "OldCode" }, ctx), LinkError);
    expect(taken.code).toBe("code_taken");
  });
});
