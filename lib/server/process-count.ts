// A count of something this server process did, for /api/metrics and /api/health. Kept on
// globalThis: Next may evaluate a module once per route bundle, and the app's server brings
// its own copy of lib/, but the process must have one count (the route counts, /api/metrics
// reads).

export interface ProcessCount {
  add(): void;
  readonly value: number;
}

const shared = globalThis as typeof globalThis & { __livekvCounts?: Map<string, { n: number }> };

/** The count called `name`, shared by every copy of the module that asks for it. */
export function processCount(name: string): ProcessCount {
  const counts = (shared.__livekvCounts ??= new Map());
  let slot = counts.get(name);
  if (!slot) counts.set(name, (slot = { n: 0 }));
  const held = slot;
  return {
    add: () => void held.n++,
    get value() {
      return held.n;
    },
  };
}
