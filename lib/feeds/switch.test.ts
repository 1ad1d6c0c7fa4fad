// switchSource: reads the source picked by the outer source's latest value; the previous one
// is cancelled and its late values dropped; return() and failures release everything.
import { describe, expect, it } from "vitest";
import { ManualSource, tick } from "@/lib/sse/test-support";
import { switchSource } from "./switch";

describe("switchSource", () => {
  it("follows the source of the outer's latest value, cancelling the one before", async () => {
    const outer = new ManualSource<string>();
    const inners = new Map<string, ManualSource<string>>();
    const switched = switchSource(outer, (name) => {
      const inner = new ManualSource<string>();
      inners.set(name, inner);
      return inner;
    });
    outer.push("a");
    await tick();
    inners.get("a")?.push("a1");
    expect(await switched.next()).toEqual({ done: false, value: "a1" });

    outer.push("b");
    await tick();
    expect(inners.get("a")?.returnCalls).toBe(1);
    inners.get("b")?.push("b1");
    expect(await switched.next()).toEqual({ done: false, value: "b1" });
    await switched.return?.();
    expect(outer.returnCalls).toBe(1);
    expect(inners.get("b")?.returnCalls).toBe(1);
  });

  it("return() releases both at once, even while a next() waits", async () => {
    const outer = new ManualSource<number>();
    const inner = new ManualSource<number>();
    const switched = switchSource(outer, () => inner);
    outer.push(1);
    const pending = switched.next();
    await tick();
    await switched.return?.();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect([outer.returnCalls, inner.returnCalls]).toEqual([1, 1]);
  });

  it("a failing inner source ends the stream with its error and releases the outer", async () => {
    const outer = new ManualSource<number>();
    const inner = new ManualSource<number>();
    const switched = switchSource(outer, () => inner);
    outer.push(1);
    await tick();
    const pending = switched.next();
    inner.fail(new Error("watch failed"));
    await expect(pending).rejects.toThrow("watch failed");
    expect(outer.returnCalls).toBe(1);
  });
});
