// Server code stays out of the browser: a browser bundle that imports @livekv/server (a client
// component reaching for server code) resolves to the server-only stub, which Next refuses in
// a client bundle, while a server bundle resolves to the real files. Checked with esbuild's
// resolver and its browser and node conditions, on the package.json build-lib.ts writes.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, type Plugin } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVER_ONLY_STUB, writePackageFiles } from "./build-lib";

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "livekv-server-only-"));
  const pkg = join(dir, "node_modules", "@livekv", "server");
  writePackageFiles(pkg, ["kv"]);
  mkdirSync(join(pkg, "dist", "kv"), { recursive: true });
  writeFileSync(join(pkg, "dist", "kv", "index.js"), "export const kv = 1;\n");
  writeFileSync(join(dir, "component.js"), 'import "@livekv/server/kv";\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The files a bundle of component.js reads, and the packages it leaves as imports. */
async function bundle(platform: "browser" | "node"): Promise<{ files: string[]; imports: string[] }> {
  const imports: string[] = [];
  const recordBareImports: Plugin = {
    name: "record-bare-imports",
    setup(builder) {
      builder.onResolve({ filter: /^server-only$/ }, (args) => {
        imports.push(args.path);
        return { path: args.path, external: true };
      });
    },
  };
  const result = await build({
    absWorkingDir: dir,
    entryPoints: ["component.js"],
    bundle: true,
    write: false,
    format: "esm",
    platform,
    metafile: true,
    logLevel: "silent",
    plugins: [recordBareImports],
  });
  return { files: Object.keys(result.metafile.inputs), imports };
}

describe("@livekv/server in a browser bundle", () => {
  it("resolves to the server-only stub, which imports server-only", async () => {
    const { files, imports } = await bundle("browser");
    expect(files).toContain(`node_modules/@livekv/server/${SERVER_ONLY_STUB}`);
    expect(files).not.toContain("node_modules/@livekv/server/dist/kv/index.js");
    expect(imports).toEqual(["server-only"]);
  });

  it("resolves to the real files on the server", async () => {
    const { files, imports } = await bundle("node");
    expect(files).toContain("node_modules/@livekv/server/dist/kv/index.js");
    expect(imports).toEqual([]);
  });
});
