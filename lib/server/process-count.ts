// A count of something this server process did, for /api/metrics and /api/health: the
// route counts, /api/metrics reads, one count per name in the process.

export interface ProcessCount {
  add(): void;
  readonly value: number;
}

const counts = new Map<string, { n: number }>();

/** The count called `name`, the same for everyone who asks for it. */
export function processCount(name: string): ProcessCount {
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
