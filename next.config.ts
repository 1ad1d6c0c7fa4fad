import type { NextConfig } from "next";
import { API_BODY_MAX_BYTES } from "./lib/http/body-limit";
import { securityHeaderRules } from "./lib/security/headers";

// The benchmarks' own build (LIVEKV_BENCH=1 when building and when starting): the bench-only
// baseline routes (app/**/route.bench.ts, bare Next routes without Redis) are routes only
// there, and it is written to a directory of its own, so the production build never has them.
const benchBuild = process.env.LIVEKV_BENCH === "1";

const nextConfig: NextConfig = {
  distDir: benchBuild ? ".next-bench" : ".next",
  pageExtensions: benchBuild ? ["bench.ts", "tsx", "ts", "jsx", "js"] : ["tsx", "ts", "jsx", "js"],
  // Packages that must run as plain Node modules, not bundled: ioredis keeps sockets and
  // timers in module state, @deno/kv loads a native binary, and @livekv/server — lib/'s server
  // side, generated into node_modules by scripts/build-lib.ts — must be the very modules the
  // app's server (server.ts) imports, so that the process has one Kv, one of everything.
  serverExternalPackages: ["ioredis", "@deno/kv", "@livekv/server"],
  // Next's built-in gzip buffers output until a compression block fills, which would
  // hold Server-Sent Events back (a single watch update is a few hundred bytes). Live
  // streams must reach the browser the moment they are written; put compression in a
  // reverse proxy that exempts text/event-stream if it is wanted.
  compress: false,
  poweredByHeader: false,
  experimental: {
    // Next copies a request's body into memory for proxy.ts (10 MB by default) before a route
    // can refuse it. The app's server refuses larger bodies before Next sees them
    // (lib/server/body-cap.ts); elsewhere (`next start`) this keeps the copy as small, and a
    // longer body reaches its route cut short — readJson refuses it by its Content-Length.
    proxyClientMaxBodySize: API_BODY_MAX_BYTES,
  },
  // nosniff, Referrer-Policy, framing and a CSP on everything; pages get theirs (with a
  // script nonce) from proxy.ts.
  async headers() {
    return securityHeaderRules();
  },
};

export default nextConfig;
