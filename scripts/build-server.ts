// The production server, compiled: server.ts as one plain ES module (<build>/livekv/server.mjs)
// that `npm start` runs with node alone. It carries no copy of lib/: packages stay in
// node_modules, @livekv/server (scripts/build-lib.ts) among them, the same modules Next's
// route handlers load. Run by `npm run build` after `next build`, after checking that Next
// did keep @livekv/server external. Development runs server.ts from source through tsx.

import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { build } from "esbuild";
import { buildLib } from "./build-lib";

const root = join(import.meta.dirname, "..");

/**
 * Where `next build` writes: .next, or .next-bench for the benchmarks' own build (LIVEKV_BENCH=1
 * when building and starting), which adds the bench-only routes — as next.config.ts says.
 */
export function buildDir(): string {
  return join(root, process.env.LIVEKV_BENCH === "1" ? ".next-bench" : ".next");
}

/** The compiled server.ts, inside the build it serves. */
export function serverBundle(): string {
  return join(buildDir(), "livekv", "server.mjs");
}
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");

export async function buildServer(): Promise<void> {
  assertLibExternal();
  await build({
    entryPoints: [join(root, "server.ts")],
    outfile: serverBundle(),
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
 * Fails the build when Next bundled lib/ instead of loading @livekv/server from node_modules:
 * Turbopack does that without a word when the package is a symlink out of node_modules (an
 * npm workspace, `npm link`) or missing from serverExternalPackages, and the process would
 * hold two copies of lib/ again. Turbopack links each external package it uses into
 * <build>/node_modules (<name>-<hash>).
 */
function assertLibExternal(): void {
  const links = join(buildDir(), "node_modules", "@livekv");
  const linked = existsSync(links) && readdirSync(links).some((name) => name.startsWith("server-"));
  if (!linked) {
    throw new Error(
      "next build bundled lib/ instead of keeping @livekv/server external (no <build>/node_modules/@livekv/server-*): " +
        "is node_modules/@livekv/server the directory scripts/build-lib.ts writes, and in next.config.ts serverExternalPackages?",
    );
  }
}

/**
 * What `npm start` needs and `npm run build` makes: `next build` when there is no build yet
 * (or `rebuild` says the one there is will not do), then the compiled server if missing.
 */
export async function ensureProductionBuild(rebuild = false): Promise<void> {
  // Cheap, and what `npm install` deletes.
  await buildLib();
  if (rebuild || !existsSync(join(buildDir(), "BUILD_ID"))) {
    console.error("[livekv] running next build…");
    const child = spawn(process.execPath, [nextBin, "build"], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    if (code !== 0) throw new Error(`next build failed (exit ${code})`);
    await buildServer();
  } else if (!existsSync(serverBundle())) {
    await buildServer();
  }
}

if (process.argv[1] === import.meta.filename) {
  buildServer().then(
    () => console.error(`[livekv] server compiled to ${serverBundle()}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
