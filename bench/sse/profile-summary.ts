// Where a CPU profile (node --cpu-prof) spent its time: self time per function, grouped by
// function and source file, biggest first. bench:sse --profile prints it for the app server,
// so a missed target comes with its explanation.

import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  name: string;
  ms: number;
  share: number;
}

function place(url: string): string {
  const short = url.replace(/^file:\/\//, "").replace(/^.*\/node_modules\//, "");
  const parts = short.split("/");
  return parts.slice(-3).join("/");
}

export function hotSpots(path: string, top = 25): HotSpot[] {
  const profile = JSON.parse(readFileSync(path, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const delta = (profile.timeDeltas[i] ?? 0) / 1000;
    total += delta;
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || "(anonymous)"} ${url ? `${place(url)}:${lineNumber + 1}` : ""}`.trim();
    self.set(name, (self.get(name) ?? 0) + delta);
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, ms]) => ({ name, ms, share: ms / total }));
}

// `tsx bench/sse/profile-summary.ts <file.cpuprofile>`
if (process.argv[1]?.endsWith("profile-summary.ts")) {
  for (const spot of hotSpots(process.argv[2] ?? "", Number(process.argv[3] ?? 30))) {
    console.log(`${spot.ms.toFixed(0).padStart(7)} ms ${(spot.share * 100).toFixed(1).padStart(5)}%  ${spot.name}`);
  }
}
