// Connection status per stream URL, readable from any component. SWR keeps one
// subscription per URL whichever component started it, so the status lives beside it in a
// tiny external store rather than in any one component's state.

import { useSyncExternalStore } from "react";
import type { ConnectionStatus } from "@/lib/client/stream/subscribe";

const statuses = new Map<string, ConnectionStatus>();
const listeners = new Set<() => void>();

function emit(): void {
  for (const listener of [...listeners]) listener();
}

export function reportConnectionStatus(url: string, status: ConnectionStatus): void {
  if (statuses.get(url) === status) return;
  statuses.set(url, status);
  emit();
}

/** Called when the subscription for `url` ends, so a later one starts at "connecting". */
export function forgetConnectionStatus(url: string): void {
  if (statuses.delete(url)) emit();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The status of the stream at `url` ("connecting" until it is known, and on the server). */
export function useConnectionStatus(url: string | null): ConnectionStatus {
  return useSyncExternalStore(
    subscribe,
    () => (url === null ? "connecting" : (statuses.get(url) ?? "connecting")),
    () => "connecting",
  );
}
