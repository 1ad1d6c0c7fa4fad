import { describe, expect, it } from "vitest";
import { decodeValue, encodeValue } from "./value-codec";
import { KvU64 } from "./u64";

describe("KvU64", () => {
  it("is recognised when made by another copy of the module (a bundler's), so it is stored as a counter", async () => {
    // A query string makes Vite evaluate the file again: a second class, as a bundle would have.
    const again = "./u64.ts?copy";
    const copy = (await import(/* @vite-ignore */ again)) as typeof import("./u64");
    expect(copy.KvU64).not.toBe(KvU64);
    const foreign = new copy.KvU64(41n);
    expect(foreign).toBeInstanceOf(KvU64);
    const stored = decodeValue(encodeValue(foreign));
    expect(stored).toBeInstanceOf(KvU64);
    expect((stored as KvU64).value).toBe(41n);
  });

  it("is not fooled by plain objects", () => {
    expect({ value: 1n }).not.toBeInstanceOf(KvU64);
    expect(null).not.toBeInstanceOf(KvU64);
    expect(1n).not.toBeInstanceOf(KvU64);
  });
});
