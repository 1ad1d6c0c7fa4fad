// Runs one load (bench/links/load.ts) in its own process, so the client's work never
// shares an event loop (or a heap) with the orchestrator. Input: the options as JSON in
// argv[2]. Output: the result as one JSON line on stdout.

import { runLoad, type LoadOptions } from "./load";

const options = JSON.parse(process.argv[2] ?? "{}") as LoadOptions;
const result = await runLoad(options);
process.stdout.write(JSON.stringify(result) + "\n");
