// The benchmarks run the app's server on a build of their own: the production build plus the
// bench-only baseline routes (app/**/route.bench.ts), in .next-bench (LIVEKV_BENCH=1 when
// building and when starting; next.config.ts). The production build never has those routes.

import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { ensureProductionBuild } from "../scripts/build-server";

/**
 * Builds .next-bench when there is none, or when `npm run build` has run since (so that the
 * benchmark measures the code the production build has), and makes this process and the
 * servers it starts use it.
 */
export async function ensureBenchBuild(root: string): Promise<void> {
  process.env.LIVEKV_BENCH = "1";
  const own = join(root, ".next-bench", "BUILD_ID");
  const production = join(root, ".next", "BUILD_ID");
  const older = existsSync(own) && existsSync(production) && statSync(own).mtimeMs < statSync(production).mtimeMs;
  await ensureProductionBuild(older);
}
