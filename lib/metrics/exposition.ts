// Reads the Prometheus text format back into numbers: series name with its labels → value.
// For tests and tools that check /api/metrics (a scraper would do the same).

export type Samples = Map<string, number>;

/** `name{label="v"} 1` → "name{label=\"v\"}" → 1. Comment lines (# HELP, # TYPE) are skipped. */
export function parseExposition(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const space = line.lastIndexOf(" ");
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}
