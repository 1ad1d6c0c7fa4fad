import { describe, expect, it } from "vitest";
import { KvU64 } from "./u64";

describe("KvU64", () => {
  it("is not fooled by plain objects", () => {
    expect({ value: 1n }).not.toBeInstanceOf(KvU64);
    expect(null).not.toBeInstanceOf(KvU64);
    expect(1n).not.toBeInstanceOf(KvU64);
  });
});
