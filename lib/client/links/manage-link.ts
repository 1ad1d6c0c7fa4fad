// The owner's calls on one link from the browser: change its target, pause or resume it,
// delete it. The server decides who the owner is (its cookie); a failure comes back as the
// server's own message, as the create form shows it.

import { ApiError, apiFetch } from "@/lib/client/api";
import type { PublicLink } from "@/lib/links/types";
import { failureOf, type CallResult } from "./result";

const linkPath = (code: string): string => `/api/links/${encodeURIComponent(code)}`;

export async function updateLinkRequest(code: string, changes: { url?: string; paused?: boolean }): Promise<CallResult<PublicLink>> {
  try {
    return { ok: true, value: await apiFetch<PublicLink>(linkPath(code), { method: "PATCH", body: JSON.stringify(changes) }) };
  } catch (error) {
    return failureOf(error);
  }
}

export async function deleteLinkRequest(code: string): Promise<CallResult<null>> {
  try {
    await apiFetch<undefined>(linkPath(code), { method: "DELETE" });
    return { ok: true, value: null };
  } catch (error) {
    return failureOf(error);
  }
}

/**
 * Whether the link still exists: true or false when the server said so, null when it could
 * not tell (unreachable, Redis away). The stats stream only ends when a link is deleted, but
 * also drops for an outage; asking tells them apart.
 */
export async function linkExists(code: string): Promise<boolean | null> {
  try {
    // The shortest range: the answer's stats are not used.
    await apiFetch<unknown>(`${linkPath(code)}?range=1h`);
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return false;
    return null;
  }
}
