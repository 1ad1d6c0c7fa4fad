// A whole prefix listed, with the newest versionstamp in it: the `since` a prefix watch
// started right after needs so that nothing changed between the two goes unseen.

import type { Kv, KvEntry, KvKey } from "@/lib/kv";
import { newestOf } from "./versionstamps";

export async function listPrefix(kv: Kv, prefix: KvKey): Promise<{ entries: KvEntry[]; newest: string | null }> {
  const entries: KvEntry[] = [];
  let newest: string | null = null;
  for await (const entry of kv.list({ prefix }, { batchSize: 500 })) {
    entries.push(entry);
    newest = newestOf(newest, entry.versionstamp);
  }
  return { entries, newest };
}
