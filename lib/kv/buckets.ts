// Where a Kv keeps a KV key when it spreads over many Redis slots (Redis Cluster). Redis runs a
// script on one slot only, so the Kv is split into a fixed number of buckets, each one hash
// tag, each with the single-node layout inside it (data keys, ordered index, versionstamp
// counter):
//   {<prefix>:<bucket>}:d:<hex key>   {<prefix>:<bucket>}:i   {<prefix>:<bucket>}:v
// A key's bucket is a hash of its first `partitionKeyParts` key parts (the partition), so
// everything under ["rooms", room] (with 2) shares a bucket: it commits atomically and lists
// from one index. One bucket is the single-node layout (<prefix>:d:…), byte for byte, so a Kv
// on one Redis keeps today's data as it is.

import { encodeKey } from "./key-codec";
import { keyLayout, type KeyLayout } from "./layout";
import type { KvKey } from "./types";

export interface PartitionRule {
  /** How many buckets; 1 is the single-node layout. Part of the data format: fixed for a Kv's life. */
  readonly buckets: number;
  /** How many leading key parts choose the bucket. Part of the data format too. */
  readonly partitionKeyParts: number;
  /**
   * Names the partition of a key's first `partitionKeyParts` parts (default: those parts
   * themselves). Keys whose heads it maps to one value share a partition, so an app can keep
   * its key families (["links", code], ["link_clicks", code]) and still commit an entity's keys
   * together. It must depend on those parts only, and it is part of the data format too.
   */
  readonly partitionOf?: (head: KvKey) => KvKey;
}

export const SINGLE_BUCKET: PartitionRule = { buckets: 1, partitionKeyParts: 1 };

// FNV-1a: stable across processes and versions (the bucket of a key is part of the data format).
function fnv1a(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (const byte of bytes) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export function checkPartitionRule(rule: PartitionRule): void {
  if (!Number.isInteger(rule.buckets) || rule.buckets < 1 || rule.buckets > 16_384) {
    throw new RangeError("buckets must be an integer from 1 to 16384");
  }
  if (!Number.isInteger(rule.partitionKeyParts) || rule.partitionKeyParts < 1) {
    throw new RangeError("partitionKeyParts must be a positive integer");
  }
}

export class Buckets {
  readonly #layouts: KeyLayout[];
  readonly #dataKeyPattern: RegExp;

  constructor(
    prefix: string,
    readonly rule: PartitionRule,
  ) {
    checkPartitionRule(rule);
    const single = keyLayout(prefix); // validates the prefix
    this.#layouts = Array.from({ length: rule.buckets }, (_, b) => {
      if (rule.buckets === 1) return single;
      const tag = `{${prefix}:${b}}`;
      return { prefix: tag, dataPrefix: `${tag}:d:`, index: `${tag}:i`, clock: `${tag}:v` };
    });
    // The prefix is [A-Za-z0-9_.-] only (keyLayout): no character of it needs escaping but '.'.
    this.#dataKeyPattern = new RegExp(`^\\{${prefix.replaceAll(".", "\\.")}:(\\d+)\\}:d:`);
  }

  get count(): number {
    return this.#layouts.length;
  }

  get all(): number[] {
    return this.#layouts.map((_, b) => b);
  }

  layout(bucket: number): KeyLayout {
    return this.#layouts[bucket];
  }

  bucketOf(key: KvKey): number {
    if (this.#layouts.length === 1) return 0;
    const head = key.slice(0, this.rule.partitionKeyParts);
    return fnv1a(encodeKey(this.rule.partitionOf ? this.rule.partitionOf(head) : head)) % this.#layouts.length;
  }

  /** The buckets a list() or watchPrefix() of `prefix` must look at: one when the prefix fixes the partition. */
  bucketsUnder(prefix: KvKey): number[] {
    if (prefix.length >= this.rule.partitionKeyParts) return [this.bucketOf(prefix)];
    return this.all;
  }

  /** The data key of an encoded KV key (hex) in its bucket. */
  dataKey(bucket: number, hex: string): string {
    return this.#layouts[bucket].dataPrefix + hex;
  }

  /** The bucket of one of this Kv's data keys. */
  bucketOfDataKey(dataKey: string): number {
    if (this.#layouts.length === 1) return 0;
    const match = this.#dataKeyPattern.exec(dataKey);
    if (!match) throw new Error("not a data key of this Kv");
    return Number(match[1]);
  }

  /** The hex KV key of one of this Kv's data keys. */
  hexOf(dataKey: string): string {
    return dataKey.slice(this.#layouts[this.bucketOfDataKey(dataKey)].dataPrefix.length);
  }

  /** What every data key of the buckets under a prefix begins with, as a PSUBSCRIBE glob. */
  dataKeyGlob(buckets: number[]): string {
    if (buckets.length === 1) return this.#layouts[buckets[0]].dataPrefix;
    return `${this.#layouts[0].dataPrefix.replace(/:0\}:d:$/, ":*}:d:")}`;
  }
}
