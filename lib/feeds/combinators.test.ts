import { describe, expect, it } from "vitest";
import { mapSource } from "./map";
import { mergeSources } from "./merge";
import { ManualSource, tick } from "@/lib/sse/test-support";

async function take<T>(iterator: AsyncIterator<T>, count: number): Promise<T[]> {
  const values: T[] = [];
  while (values.length < count) {
    const result = await iterator.next();
    if (result.done) break;
    values.push(result.value);
  }
  return values;
}

describe("mapSource", () => {
  it("maps every value, sync or async", async () => {
    const source = new ManualSource<number>();
    [1, 2, 3].forEach((n) => source.push(n));
    source.end();
    const mapped = mapSource(source, async (n) => n * 10);
    expect(await take(mapped, 10)).toEqual([10, 20, 30]);
  });

  it("releases a waiting source at once on return() (a generator would wait for the next value)", async () => {
    const source = new ManualSource<number>();
    const mapped = mapSource(source, (n) => n);
    const pending = mapped.next();
    await tick();
    await mapped.return?.();
    expect(source.returnCalls).toBe(1);
    expect(await pending).toEqual({ done: true, value: undefined });
  });

  it("cancels a ReadableStream source", async () => {
    let cancelled = false;
    const stream = new ReadableStream<number>({ pull: () => new Promise(() => {}), cancel: () => void (cancelled = true) });
    const mapped = mapSource(stream, (n) => n);
    const pending = mapped.next();
    await mapped.return?.();
    expect(cancelled).toBe(true);
    expect((await pending).done).toBe(true);
  });
});

describe("mergeSources", () => {
  it("yields from every source in arrival order and ends when all have ended", async () => {
    const a = new ManualSource<string>();
    const b = new ManualSource<string>();
    const merged = mergeSources(a, b);
    const first = merged.next();
    b.push("b1");
    expect(await first).toEqual({ done: false, value: "b1" });
    a.push("a1");
    expect(await merged.next()).toEqual({ done: false, value: "a1" });
    a.end();
    b.push("b2");
    expect(await merged.next()).toEqual({ done: false, value: "b2" });
    const last = merged.next();
    b.end();
    expect(await last).toEqual({ done: true, value: undefined });
  });

  it("does not let a busy source starve another", async () => {
    const busy = new ManualSource<string>();
    const quiet = new ManualSource<string>();
    for (let i = 0; i < 10; i += 1) busy.push(`busy${i}`);
    quiet.push("quiet");
    const values = await take(mergeSources(busy, quiet), 4);
    expect(values).toContain("quiet");
  });

  it("stays pull-based: at most one value asked ahead per source", async () => {
    const source = new ManualSource<number>();
    for (let i = 0; i < 50; i += 1) source.push(i);
    const merged = mergeSources(source, new ManualSource<number>());
    await take(merged, 3);
    await tick(10);
    expect(source.nextCalls).toBeLessThanOrEqual(4);
    await merged.return?.();
  });

  it("cancels every source on return(), even while waiting", async () => {
    const a = new ManualSource<number>();
    const b = new ManualSource<number>();
    const merged = mergeSources(a, b);
    const pending = merged.next();
    await tick();
    await merged.return?.();
    expect([a.returnCalls, b.returnCalls]).toEqual([1, 1]);
    expect(await pending).toEqual({ done: true, value: undefined });
  });

  it("throws the first failure and cancels the other sources", async () => {
    const a = new ManualSource<number>();
    const b = new ManualSource<number>();
    const merged = mergeSources(a, b);
    const pending = merged.next();
    await tick();
    a.fail(new Error("boom"));
    await expect(pending).rejects.toThrow("boom");
    expect(b.returnCalls).toBe(1);
    expect(await merged.next()).toEqual({ done: true, value: undefined });
  });
});
