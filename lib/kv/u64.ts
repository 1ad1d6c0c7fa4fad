const MAX = (1n << 64n) - 1n;
// Symbol.for: the same symbol in every copy of this module.
const BRAND: unique symbol = Symbol.for("livekv.KvU64") as never;

/** An unsigned 64-bit integer, the only value type `sum`, `min` and `max` accept (as in Deno). */
export class KvU64 {
  readonly value: bigint;

  /**
   * `instanceof KvU64` holds for a KvU64 made by another copy of this module too. One process
   * can hold two: the app's server brings its own copy of lib/ while Next runs its bundled one, and
   * both share one Kv; a counter must not be stored as a plain object for that.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }

  get [BRAND](): true {
    return true;
  }

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
