// list(): selectors, limit, reverse, batchSize and cursor paging, as Deno.Kv.list.
import { afterAll, describe, expect, it } from "vitest";
import { openKv as openDenoKv } from "@deno/kv";
import type { KvKey } from "./types";
import { useKvTestEnv, setAll, collect, listKeys, showKey, expectFailure, type Kv } from "./test-support";

const env = useKvTestEnv();

// Deno's own implementation (@deno/kv, in memory), where a behaviour is compared directly.
let deno: Awaited<ReturnType<typeof openDenoKv>> | undefined;
async function denoKv(): Promise<NonNullable<typeof deno>> {
  deno ??= await openDenoKv(":memory:");
  return deno;
}
afterAll(() => deno?.close());

// The same tree of keys in every test (values are the key joined, for checking entries).
const TREE: KvKey[] = [
  ["a"],
  ["a", "b"],
  ["a", "b", "c"],
  ["a", "c"],
  ["a", "d"],
  ["a", "d", "x"],
  ["a", "e"],
  ["a\u0000b"], // shares the bytes of ["a"]'s encoding but is not under prefix ["a"]
  ["aa"],
  ["b"],
  ["b", 1],
];

async function seeded(): Promise<Kv> {
  const kv = await env.open();
  expect(await setAll(kv, TREE.map((key) => [key, key.join("/")]))).toBe(true);
  return kv;
}

const show = (keys: KvKey[]) => keys.map(showKey);

describe("list selectors", () => {
  it("{prefix} lists keys strictly under the prefix, not the prefix key itself nor look-alikes", async () => {
    const kv = await seeded();
    expect(show(await listKeys(kv, { prefix: ["a"] }))).toEqual(
      show([["a", "b"], ["a", "b", "c"], ["a", "c"], ["a", "d"], ["a", "d", "x"], ["a", "e"]]),
    );
    expect(show(await listKeys(kv, { prefix: ["a", "d"] }))).toEqual(show([["a", "d", "x"]]));
    expect(await listKeys(kv, { prefix: ["a", "e"] })).toEqual([]);
    expect(await listKeys(kv, { prefix: ["zzz"] })).toEqual([]);
  });

  it("{prefix: []} lists everything in the Kv's keyspace", async () => {
    const kv = await seeded();
    expect(show(await listKeys(kv, { prefix: [] }))).toEqual(show(TREE));
  });

  it("entries carry key, value and versionstamp", async () => {
    const kv = await env.open();
    const r = await kv.set(["p", "x"], { n: 1 });
    const entries = await collect(kv.list({ prefix: ["p"] }));
    expect(entries).toEqual([{ key: ["p", "x"], value: { n: 1 }, versionstamp: r.versionstamp }]);
  });

  it("{prefix, start}: start is inclusive (and includes keys under start)", async () => {
    const kv = await seeded();
    expect(show(await listKeys(kv, { prefix: ["a"], start: ["a", "c"] }))).toEqual(
      show([["a", "c"], ["a", "d"], ["a", "d", "x"], ["a", "e"]]),
    );
    expect(show(await listKeys(kv, { prefix: ["a"], start: ["a", "b", "c"] }))).toEqual(
      show([["a", "b", "c"], ["a", "c"], ["a", "d"], ["a", "d", "x"], ["a", "e"]]),
    );
  });

  it("{prefix, end}: end is exclusive (keys under end are excluded too)", async () => {
    const kv = await seeded();
    expect(show(await listKeys(kv, { prefix: ["a"], end: ["a", "d"] }))).toEqual(
      show([["a", "b"], ["a", "b", "c"], ["a", "c"]]),
    );
  });

  it("{start, end}: start inclusive, end exclusive, across prefixes", async () => {
    const kv = await seeded();
    expect(show(await listKeys(kv, { start: ["a", "d"], end: ["b", 1] }))).toEqual(
      show([["a", "d"], ["a", "d", "x"], ["a", "e"], ["a\u0000b"], ["aa"], ["b"]]),
    );
    expect(show(await listKeys(kv, { start: ["a"], end: ["a", "b"] }))).toEqual(show([["a"]]));
    expect(await listKeys(kv, { start: ["a", "c"], end: ["a", "c"] })).toEqual([]);
  });

  it("{start, end} with start after end is refused with Deno's TypeError; start equal to end lists nothing", async () => {
    const kv = await seeded();
    const error = await expectFailure(() => collect(kv.list({ start: ["b"], end: ["a"] })), TypeError);
    const theirs = await expectFailure(async () => collect((await denoKv()).list({ start: ["b"], end: ["a"] })), TypeError);
    expect(error.message).toBe("Start key is greater than end key");
    expect(error.message).toBe(theirs.message);
    await expectFailure(() => collect(kv.list({ start: ["b"], end: ["a"] }, { reverse: true })), TypeError);
    expect(await listKeys(kv, { start: ["b"], end: ["b"] })).toEqual([]);
  });

  it("{prefix, start} with a start outside the prefix is a TypeError (as in Deno)", async () => {
    const kv = await seeded();
    await expectFailure(() => collect(kv.list({ prefix: ["a"], start: ["b"] })), TypeError);
  });

  it("sees writes made after an earlier listing and not deleted keys", async () => {
    const kv = await seeded();
    await kv.delete(["a", "c"]);
    await kv.set(["a", "bb"], "new");
    expect(show(await listKeys(kv, { prefix: ["a"] }))).toEqual(
      show([["a", "b"], ["a", "b", "c"], ["a", "bb"], ["a", "d"], ["a", "d", "x"], ["a", "e"]]),
    );
  });
});

describe("list options", () => {
  it("limit caps the number of entries", async () => {
    const kv = await seeded();
    expect(show(await listKeys(kv, { prefix: ["a"] }, { limit: 2 }))).toEqual(show([["a", "b"], ["a", "b", "c"]]));
    expect(await listKeys(kv, { prefix: ["a"] }, { limit: 100 })).toHaveLength(6);
  });

  it("reverse lists from the end of the range", async () => {
    const kv = await seeded();
    expect(show(await listKeys(kv, { prefix: ["a"] }, { reverse: true }))).toEqual(
      show([["a", "e"], ["a", "d", "x"], ["a", "d"], ["a", "c"], ["a", "b", "c"], ["a", "b"]]),
    );
    expect(show(await listKeys(kv, { prefix: ["a"] }, { reverse: true, limit: 2 }))).toEqual(
      show([["a", "e"], ["a", "d", "x"]]),
    );
    expect(show(await listKeys(kv, { prefix: ["a"], start: ["a", "c"] }, { reverse: true }))).toEqual(
      show([["a", "e"], ["a", "d", "x"], ["a", "d"], ["a", "c"]]),
    );
    expect(show(await listKeys(kv, { prefix: ["a"], end: ["a", "c"] }, { reverse: true }))).toEqual(
      show([["a", "b", "c"], ["a", "b"]]),
    );
  });

  it("batchSize does not change what is listed (1, 2, 3, 1000)", async () => {
    const kv = await env.open();
    await setAll(kv, Array.from({ length: 25 }, (_, i) => [["n", i], i]));
    const expected = Array.from({ length: 25 }, (_, i) => i);
    for (const batchSize of [1, 2, 3, 1000]) {
      const fwd = await collect(kv.list<number>({ prefix: ["n"] }, { batchSize }));
      expect(fwd.map((e) => e.value)).toEqual(expected);
      const rev = await collect(kv.list<number>({ prefix: ["n"] }, { batchSize, reverse: true }));
      expect(rev.map((e) => e.value)).toEqual([...expected].reverse());
      const limited = await collect(kv.list<number>({ prefix: ["n"] }, { batchSize, limit: 7 }));
      expect(limited.map((e) => e.value)).toEqual(expected.slice(0, 7));
    }
  });

  it("lists more entries than one batch (2,500 keys)", async () => {
    const kv = await env.open();
    for (let start = 0; start < 2500; start += 500) {
      expect(await setAll(kv, Array.from({ length: 500 }, (_, i) => [["many", start + i], start + i]))).toBe(true);
    }
    const all = await collect(kv.list<number>({ prefix: ["many"] }));
    expect(all).toHaveLength(2500);
    expect(all.every((e, i) => e.value === i)).toBe(true);
  });
});

/** Pages through a listing `pageSize` at a time with cursors; returns the pages. */
async function pageThrough(
  kv: Kv,
  selector: Parameters<Kv["list"]>[0],
  pageSize: number,
  options: { reverse?: boolean; batchSize?: number } = {},
): Promise<unknown[][]> {
  const pages: unknown[][] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const iter = kv.list<number>(selector, { ...options, limit: pageSize, cursor });
    const page: unknown[] = [];
    for await (const entry of iter) page.push(entry.value);
    if (page.length === 0) break;
    pages.push(page);
    cursor = iter.cursor;
    expect(typeof cursor).toBe("string");
    if (page.length < pageSize) break;
  }
  return pages;
}

describe("cursor paging", () => {
  async function numbered(count: number): Promise<Kv> {
    const kv = await env.open();
    await setAll(kv, [
      ...Array.from({ length: count }, (_, i): [KvKey, unknown] => [["item", i], i]),
      [["item"], "the prefix key itself"],
      [["itemz"], "outside"],
      [["item", 5, "child"], "5/child"],
    ]);
    return kv;
  }

  it("forward: pages of 3 cover every entry once, in order", async () => {
    const kv = await numbered(10);
    const pages = await pageThrough(kv, { prefix: ["item"] }, 3, { batchSize: 2 });
    expect(pages).toEqual([[0, 1, 2], [3, 4, 5], ["5/child", 6, 7], [8, 9]]);
  });

  it("reverse: pages of 4 cover every entry once, in reverse order", async () => {
    const kv = await numbered(10);
    const pages = await pageThrough(kv, { prefix: ["item"] }, 4, { reverse: true, batchSize: 1 });
    expect(pages).toEqual([[9, 8, 7, 6], ["5/child", 5, 4, 3], [2, 1, 0]]);
  });

  it("paging with start/end selectors stays inside the range", async () => {
    const kv = await numbered(10);
    expect(await pageThrough(kv, { start: ["item", 2], end: ["item", 8] }, 2)).toEqual([
      [2, 3],
      [4, 5],
      ["5/child", 6],
      [7],
    ]);
    expect(await pageThrough(kv, { prefix: ["item"], start: ["item", 7] }, 2, { reverse: true })).toEqual([
      [9, 8],
      [7],
    ]);
    expect(await pageThrough(kv, { prefix: ["item"], end: ["item", 3] }, 2, { reverse: true })).toEqual([
      [2, 1],
      [0],
    ]);
  });

  it("the cursor is that of the last entry yielded: a loop broken early resumes right after it", async () => {
    const kv = await numbered(10);
    const iter = kv.list<number>({ prefix: ["item"] });
    for await (const entry of iter) if (entry.value === 3) break;
    const rest = await collect(kv.list<number>({ prefix: ["item"] }, { cursor: iter.cursor, limit: 2 }));
    expect(rest.map((e) => e.value)).toEqual([4, 5]);
  });

  it("a cursor resumes after its entry even when that entry was deleted meanwhile, and sees new keys", async () => {
    const kv = await numbered(10);
    const iter = kv.list<number>({ prefix: ["item"] }, { limit: 3 });
    await collect(iter);
    const cursor = iter.cursor;
    await kv.delete(["item", 2]);
    await kv.delete(["item", 3]);
    await kv.set(["item", 2.5], "2.5");
    const next = await collect(kv.list<number>({ prefix: ["item"] }, { cursor, limit: 3 }));
    expect(next.map((e) => e.value)).toEqual(["2.5", 4, 5]);
  });

  it("reading the cursor before the first next() throws, as Deno's does; a given cursor is returned as is", async () => {
    const kv = await numbered(3);
    const ours = await expectFailure(() => kv.list({ prefix: ["item"] }).cursor, Error);
    const theirs = await expectFailure(async () => (await denoKv()).list({ prefix: ["item"] }).cursor, Error);
    expect(ours.message).toBe("Cannot get cursor before first iteration");
    expect(ours.message).toBe(theirs.message);
    const first = kv.list({ prefix: ["item"] });
    await first.next();
    const resumed = kv.list({ prefix: ["item"] }, { cursor: first.cursor });
    expect(resumed.cursor).toBe(first.cursor);
  });

  it("once a listing runs out the cursor is empty (Deno's end of listing); one stopped by its limit keeps its place", async () => {
    const kv = await numbered(3);
    const all = kv.list({ prefix: ["item"] });
    await collect(all);
    expect(all.cursor).toBe("");
    const none = kv.list({ prefix: ["nothing"] });
    await collect(none);
    expect(none.cursor).toBe("");
    const limited = kv.list<number>({ prefix: ["item"] }, { limit: 2 });
    await collect(limited);
    const rest = await collect(kv.list<number>({ prefix: ["item"] }, { cursor: limited.cursor }));
    expect(rest.map((e) => e.value)).toEqual([2, "5/child"]);
  });

  it("an invalid cursor is an error, not a silent restart", async () => {
    const kv = await numbered(3);
    await expectFailure(() => collect(kv.list({ prefix: ["item"] }, { cursor: "!!not a cursor!!" })), Error);
  });
});
