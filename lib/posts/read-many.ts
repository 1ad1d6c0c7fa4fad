// getMany for any number of keys: Deno KV (and so lib/kv) reads at most 10 keys per call.
// The chunks are read concurrently; each is consistent on its own, which is all a list of
// independent counters needs.

import type { Kv, KvEntryMaybe, KvKey, KvU64 } from "@/lib/kv";

const KEYS_PER_READ = 10;

export async function getManyChunked<T>(kv: Kv, keys: readonly KvKey[]): Promise<KvEntryMaybe<T>[]> {
  const chunks: KvKey[][] = [];
  for (let i = 0; i < keys.length; i += KEYS_PER_READ) chunks.push(keys.slice(i, i + KEYS_PER_READ));
  const results = await Promise.all(chunks.map((chunk) => kv.getMany<T[]>(chunk)));
  return results.flat() as KvEntryMaybe<T>[];
}

/** A KvU64 counter as a number; absent is 0. (Counts here stay far below 2^53.) */
export function countOf(entry: KvEntryMaybe<KvU64>): number {
  return entry.value === null ? 0 : Number(entry.value.value);
}

/** The newest of some versionstamps, "" when all are null. Versionstamps compare as strings. */
export function newestVersion(...versionstamps: (string | null)[]): string {
  let newest = "";
  for (const versionstamp of versionstamps) if (versionstamp !== null && versionstamp > newest) newest = versionstamp;
  return newest;
}
