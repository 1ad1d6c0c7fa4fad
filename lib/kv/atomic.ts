// AtomicOperation: collects checks and mutations, then commits them in one script call.

import {
  MAX_CHECKS,
  MAX_MUTATIONS,
  MAX_TOTAL_KEY_BYTES,
  MAX_TOTAL_MUTATION_BYTES,
} from "./limits";
import type { AtomicCheck, KvCommitError, KvCommitOptions, KvCommitResult, KvKey, KvMutation, KvSetOptions } from "./types";
import { KvU64 } from "./u64";
import { encodeU64, encodeValue } from "./value-codec";
import { checkExpireIn, checkVersionstamp, encodeWriteKey } from "./validate";

interface StagedCheck {
  key: KvKey;
  hex: string;
  versionstamp: string;
}

interface StagedMutation {
  op: "set" | "delete" | "sum" | "min" | "max";
  key: KvKey;
  hex: string;
  value: Buffer;
  expireIn: number | undefined;
}

/** Runs a staged commit; resolves to the new versionstamp, or null when a check failed. */
export type CommitRunner = (checks: StagedCheck[], mutations: StagedMutation[], options: KvCommitOptions) => Promise<string | null>;
export type { StagedCheck, StagedMutation };

export class AtomicOperation {
  #checks: StagedCheck[] = [];
  #mutations: StagedMutation[] = [];
  #run: CommitRunner;

  constructor(run: CommitRunner) {
    this.#run = run;
  }

  /** Fails the commit unless each key's versionstamp is the given one (null: key absent). */
  check(...checks: AtomicCheck[]): this {
    for (const { key, versionstamp } of checks) {
      checkVersionstamp(versionstamp);
      this.#checks.push({ key, hex: encodeWriteKey(key), versionstamp: versionstamp ?? "" });
    }
    return this;
  }

  mutate(...mutations: KvMutation[]): this {
    for (const mutation of mutations) {
      checkMutationValue(mutation);
      switch (mutation.type) {
        case "set":
          this.set(mutation.key, mutation.value, { expireIn: mutation.expireIn });
          break;
        case "delete":
          this.delete(mutation.key);
          break;
        case "sum":
        case "min":
        case "max":
          this.#u64(mutation.type, mutation.key, mutation.value, mutation.expireIn);
          break;
        default:
          throw new TypeError(`Invalid mutation type: ${(mutation as { type: unknown }).type}`);
      }
    }
    return this;
  }

  set(key: KvKey, value: unknown, options?: KvSetOptions): this {
    const expireIn = options?.expireIn;
    checkExpireIn(expireIn);
    this.#mutations.push({ op: "set", key, hex: encodeWriteKey(key), value: encodeValue(value), expireIn });
    return this;
  }

  delete(key: KvKey): this {
    this.#mutations.push({ op: "delete", key, hex: encodeWriteKey(key), value: EMPTY, expireIn: undefined });
    return this;
  }

  /**
   * Adds to a KvU64, wrapping at 2^64; sets it when the key is absent.
   * Beyond Deno: `options.expireIn` gives the key that TTL, as `set` does (a counter per time
   * window cleans itself up). Without it the key is stored with no TTL (one it had is dropped).
   */
  sum(key: KvKey, n: bigint, options?: KvSetOptions): this {
    return this.#u64("sum", key, new KvU64(n), options?.expireIn);
  }

  /** The smaller of the KvU64 and `n`; `n` when the key is absent. `options` as for `sum`. */
  min(key: KvKey, n: bigint, options?: KvSetOptions): this {
    return this.#u64("min", key, new KvU64(n), options?.expireIn);
  }

  /** The larger of the KvU64 and `n`; `n` when the key is absent. `options` as for `sum`. */
  max(key: KvKey, n: bigint, options?: KvSetOptions): this {
    return this.#u64("max", key, new KvU64(n), options?.expireIn);
  }

  #u64(op: "sum" | "min" | "max", key: KvKey, value: KvU64, expireIn: number | undefined): this {
    if (!(value instanceof KvU64)) throw new TypeError(`Mutation '${op}' needs a KvU64 value`);
    checkExpireIn(expireIn);
    this.#mutations.push({ op, key, hex: encodeWriteKey(key), value: encodeU64(value), expireIn });
    return this;
  }

  /**
   * Applies the checks and mutations at once, or nothing when a check fails. Beyond Deno:
   * `options.waitForReplicas` overrides the Kv's setting for this commit (false: do not wait).
   */
  async commit(options: KvCommitOptions = {}): Promise<KvCommitResult | KvCommitError> {
    if (this.#checks.length > MAX_CHECKS) throw new RangeError(`Too many checks (max ${MAX_CHECKS})`);
    if (this.#mutations.length > MAX_MUTATIONS) {
      throw new RangeError(`Too many mutations (max ${MAX_MUTATIONS})`);
    }
    let keyBytes = 0;
    let mutationBytes = 0;
    for (const { hex } of this.#checks) keyBytes += hex.length / 2;
    for (const { hex, value } of this.#mutations) {
      keyBytes += hex.length / 2;
      mutationBytes += hex.length / 2 + value.byteLength;
    }
    if (keyBytes > MAX_TOTAL_KEY_BYTES) {
      throw new RangeError(`Total key size too large (max ${MAX_TOTAL_KEY_BYTES} bytes)`);
    }
    if (mutationBytes > MAX_TOTAL_MUTATION_BYTES) {
      throw new RangeError(`Total mutation size too large (max ${MAX_TOTAL_MUTATION_BYTES} bytes)`);
    }
    const versionstamp = await this.#run(this.#checks, this.#mutations, options);
    return versionstamp === null ? { ok: false } : { ok: true, versionstamp };
  }
}

const EMPTY = Buffer.alloc(0);

// Deno's rules, to the letter: a value-taking mutation needs its own `value` property
// (undefined is a value, and is stored), and a delete must not carry a truthy one.
function checkMutationValue(mutation: KvMutation): void {
  const { type } = mutation;
  if (type === "delete") {
    if ((mutation as { value?: unknown }).value) throw new TypeError("Invalid mutation 'delete' with value");
  } else if ((type === "set" || type === "sum" || type === "min" || type === "max") && !Object.hasOwn(mutation, "value")) {
    throw new TypeError(`Invalid mutation '${type}' without value`);
  }
}
