// list(): walks the sorted-set index in key order, a batch per script call.

import { encodeKey } from "./key-codec";
import { MAX_LIST_BATCH, MAX_READ_KEY_BYTES } from "./limits";
import type { KvEntry, KvKey, KvListOptions, KvListSelector } from "./types";

/** One batch of stored entries: hex key and the raw stored string. */
export interface ListBatch {
  scanned: number;
  last: string;
  entries: { hex: string; raw: Buffer }[];
}

/** Reads up to `count` index entries in the lex range [min, max] (ZRANGEBYLEX syntax). */
export type BatchReader = (min: string, max: string, count: number, reverse: boolean) => Promise<ListBatch>;
export type EntryDecoder = (hex: string, raw: Buffer) => KvEntry;

function hexOf(key: KvKey): string {
  const bytes = encodeKey(key);
  if (bytes.byteLength > MAX_READ_KEY_BYTES) {
    throw new RangeError(`Key too large for read (max ${MAX_READ_KEY_BYTES} bytes)`);
  }
  return Buffer.from(bytes).toString("hex");
}

interface Range {
  start: string; // inclusive lower bound, hex
  end: string; // exclusive upper bound, hex
}

// Every key under a prefix encodes as the prefix's bytes, then a type byte from 01 to 27:
// so [prefix 00, prefix ff) holds exactly the keys below the prefix, not the prefix itself.
function rangeOf(selector: KvListSelector): Range {
  if (typeof selector !== "object" || selector === null) throw new TypeError("Invalid list selector");
  const s = selector as { prefix?: KvKey; start?: KvKey; end?: KvKey };
  if (s.prefix !== undefined) {
    const prefix = hexOf(s.prefix);
    const range = { start: `${prefix}00`, end: `${prefix}ff` };
    if (s.start !== undefined && s.end !== undefined) {
      throw new TypeError("A list selector takes start or end with a prefix, not both");
    }
    if (s.start !== undefined) {
      range.start = hexOf(s.start);
      if (!range.start.startsWith(prefix) || range.start === prefix) {
        throw new TypeError("Start key is not in the keyspace defined by prefix");
      }
    }
    if (s.end !== undefined) {
      range.end = hexOf(s.end);
      if (!range.end.startsWith(prefix) || range.end === prefix) {
        throw new TypeError("End key is not in the keyspace defined by prefix");
      }
    }
    return range;
  }
  if (s.start === undefined || s.end === undefined) {
    throw new TypeError("A list selector needs a prefix, or both start and end");
  }
  const range = { start: hexOf(s.start), end: hexOf(s.end) };
  // Hex digits order as the bytes do.
  if (range.start > range.end) throw new TypeError("Start key is greater than end key");
  return range;
}

export class KvListIterator<T = unknown> implements AsyncIterableIterator<KvEntry<T>> {
  #read: BatchReader;
  #decode: EntryDecoder;
  #range: Range;
  #reverse: boolean;
  #batchSize: number;
  #remaining: number;
  #buffer: { hex: string; entry: KvEntry<T> }[] = [];
  #scanFrom: string | null = null; // last index entry scanned: the next batch starts after it
  #exhausted = false;
  // As Deno's: null until the first next() (or the cursor the listing was given), the last
  // yielded entry's after that, and "" once the listing has run out.
  #cursor: string | null = null;

  constructor(read: BatchReader, decode: EntryDecoder, selector: KvListSelector, options: KvListOptions = {}) {
    this.#read = read;
    this.#decode = decode;
    this.#range = rangeOf(selector);
    this.#reverse = options.reverse ?? false;
    const limit = options.limit;
    if (limit !== undefined && (!Number.isInteger(limit) || limit <= 0)) {
      throw new TypeError("limit must be a positive integer");
    }
    this.#remaining = limit ?? Infinity;
    const batchSize = options.batchSize ?? Math.min(limit ?? 100, 500);
    if (!Number.isInteger(batchSize) || batchSize <= 0) throw new TypeError("batchSize must be a positive integer");
    if (batchSize > MAX_LIST_BATCH) throw new RangeError(`Too many entries (max ${MAX_LIST_BATCH})`);
    this.#batchSize = batchSize;
    if (options.cursor) {
      this.#scanFrom = this.#fromCursor(options.cursor);
      this.#cursor = options.cursor;
    }
  }

  /**
   * Where the listing got to: pass it as `cursor` to a new list() to go on after it. Throws
   * before the first next(); "" once the listing has run out.
   */
  get cursor(): string {
    if (this.#cursor === null) throw new Error("Cannot get cursor before first iteration");
    return this.#cursor;
  }

  // A cursor is the base64url of the last returned encoded key: opaque to callers, and easy to
  // check against the selector's range.
  #fromCursor(cursor: string): string {
    const hex = Buffer.from(cursor, "base64url").toString("hex");
    if (hex.length === 0 || hex < this.#range.start || hex >= this.#range.end) {
      throw new TypeError("Invalid cursor: it is not from this selector");
    }
    return hex;
  }

  async next(): Promise<IteratorResult<KvEntry<T>>> {
    // Stopped by the limit, the listing may go on: the cursor keeps its place.
    if (this.#remaining <= 0) return { done: true, value: undefined };
    while (this.#buffer.length === 0 && !this.#exhausted) await this.#fill();
    const item = this.#buffer.shift();
    if (item === undefined) {
      this.#cursor = "";
      return { done: true, value: undefined };
    }
    this.#remaining--;
    this.#cursor = Buffer.from(item.hex, "hex").toString("base64url");
    return { done: false, value: item.entry };
  }

  async #fill(): Promise<void> {
    const { start, end } = this.#range;
    const count = Math.min(this.#batchSize, this.#remaining);
    const from = this.#scanFrom;
    const batch = this.#reverse
      ? await this.#read(`[${start}`, from === null ? `(${end}` : `(${from}`, count, true)
      : await this.#read(from === null ? `[${start}` : `(${from}`, `(${end}`, count, false);
    if (batch.scanned < count) this.#exhausted = true;
    if (batch.scanned > 0) this.#scanFrom = batch.last;
    for (const { hex, raw } of batch.entries) {
      this.#buffer.push({ hex, entry: this.#decode(hex, raw) as KvEntry<T> });
    }
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
