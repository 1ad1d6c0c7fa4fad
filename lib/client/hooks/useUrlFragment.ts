// The address's fragment (after "#"), which browsers never send to the server: "" while
// rendering on the server, then the browser's, kept current as it changes.

import { useSyncExternalStore } from "react";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
}

export function useUrlFragment(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash, () => "");
}
