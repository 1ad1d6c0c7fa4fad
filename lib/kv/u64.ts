const MAX = (1n << 64n) - 1n;

/** An unsigned 64-bit integer, the only value type `sum`, `min` and `max` accept (as in Deno). */
export class KvU64 {
  readonly value: bigint;

  constructor(value: bigint) {
    if (typeof value !== "bigint") throw new TypeError("KvU64: value must be a bigint");
    if (value < 0n || value > MAX) throw new RangeError("KvU64: value must be in the range 0 to 2^64-1");
    this.value = value;
  }

  valueOf(): bigint {
    return this.value;
  }

  toString(): string {
    return this.value.toString();
  }

  get [Symbol.toStringTag](): string {
    return "KvU64";
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `[KvU64: ${this.value}n]`;
  }
}
