// The author name, remembered in this browser (localStorage) and shared live between the
// components and tabs that show it. Empty on the server and until hydration, so the
// server-rendered page and the first client render agree.

import { useCallback, useSyncExternalStore } from "react";

const STORAGE_KEY = "livekv.chat.author";
const listeners = new Set<() => void>();

function read(): string {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? "";
  } catch {
    return ""; // storage disabled (privacy mode): the name lives for this page only
  }
}

let memory: string | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === STORAGE_KEY) {
      memory = null;
      listener();
    }
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

const snapshot = (): string => (memory ??= read());

export function useAuthorName(): [string, (name: string) => void] {
  const name = useSyncExternalStore(subscribe, snapshot, () => "");
  const setName = useCallback((next: string) => {
    memory = next;
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered across visits; still used on this page.
    }
    for (const listener of listeners) listener();
  }, []);
  return [name, setName];
}
