// "Keep my links": the private key that gives a browser this visitor (and so its links)
// back after its cookies are cleared. Made on request and shown once; the server keeps only
// its hash. The key travels in a URL's fragment, which browsers never send to a server.

import { apiFetch } from "@/lib/client/api";
import { failureOf, type CallResult } from "./result";

export interface RestoreKey {
  key: string;
  /** /links/restore#key on this site. */
  url: string;
}


export async function createRestoreKey(): Promise<CallResult<RestoreKey>> {
  try {
    return { ok: true, value: await apiFetch<RestoreKey>("/api/visitor/key", { method: "POST" }) };
  } catch (error) {
    return failureOf(error);
  }
}

export async function restoreVisitor(key: string): Promise<CallResult<null>> {
  try {
    await apiFetch<unknown>("/api/visitor/restore", { method: "POST", body: JSON.stringify({ key }) });
    return { ok: true, value: null };
  } catch (error) {
    return failureOf(error);
  }
}

/** The key in a /links/restore#key address's fragment ("" when there is none). */
export function keyFromFragment(hash: string): string {
  const raw = hash.replace(/^#/, "");
  try {
    return decodeURIComponent(raw).trim();
  } catch {
    return raw.trim();
  }
}
