// The production server, compiled: server.ts and the lib/ modules it imports as one plain ES
// module (.next/livekv/server.mjs) that `npm start` runs with node alone. Run by `npm run
// build` after `next build`. Development runs server.ts from source through tsx instead —
// whose on-the-fly compilation renames every function at creation (esbuild's keepNames) and
// costs each open live stream ~3 KB more; packages stay in node_modules.

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { build } from "esbuild";

const root = join(import.meta.dirname, "..");
export const SERVER_BUNDLE = join(root, ".next", "livekv", "server.mjs");
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");

export async function buildServer(): Promise<void> {
  await build({
    entryPoints: [join(root, "server.ts")],
    outfile: SERVER_BUNDLE,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    tsconfig: join(root, "tsconfig.json"),
    logLevel: "warning",
  });
}

/**
 * What `npm start` needs and `npm run build` makes: `next build` when there is no build yet
 * (or `rebuild` says the one there is will not do), then the compiled server if missing.
 */
export async function ensureProductionBuild(rebuild = false): Promise<void> {
  if (rebuild || !existsSync(join(root, ".next", "BUILD_ID"))) {
    console.error("[livekv] running next build…");
    const child = spawn(process.execPath, [nextBin, "build"], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    if (code !== 0) throw new Error(`next build failed (exit ${code})`);
    await buildServer();
  } else if (!existsSync(SERVER_BUNDLE)) {
    await buildServer();
  }
}

if (process.argv[1] === import.meta.filename) {
  buildServer().then(
    () => console.error(`[livekv] server compiled to ${SERVER_BUNDLE}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
