// Next's rules (core web vitals, React, hooks), typescript-eslint's recommended, and the
// module boundaries the layout depends on, written as `no-restricted-imports` patterns so
// that no resolver plugin is needed. A file gets one `no-restricted-imports` setting (the
// last matching block wins), so each block below lists every boundary its files are under.

import { builtinModules } from "node:module";
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const alternatives = (names) => `(?:${names.join("|")})`;

// The server's infrastructure: Redis, the app's Kv, streams, logs, limits, visitor ids.
const SERVER_DIRS = ["kv", "redis", "server", "streams", "feeds", "log", "rate-limit", "visitor", "metrics"];
const FEATURES = ["links", "chat", "posts"];
// The one part of lib/sse the browser shares: the wire protocol. The rest serves streams.
const SSE_BROWSER = ["protocol"];

// Browser code: components and the client layer (lib/client: its React-free core, and the
// hooks in lib/client/hooks).
// lib/api declares what both sides share (the streams), so it is held to the same rule.
const CLIENT_FILES = ["components/**", "lib/client/**", "lib/api/**"];
const CLIENT_HOOKS = ["lib/client/hooks/**"];
// Tests and their harnesses run in Node and may reach anything.
const TEST_FILES = ["**/*.test.ts", "**/*.test.tsx", "**/test-support.ts", "**/browser-test-support.ts", "**/fixtures/**"];

const clientNeverImportsServer = [
  {
    // `@/lib/kv`, `../../lib/kv/…`, and the same modules once they are served as `@livekv/server/…`.
    regex: `^(?:@/lib/|(?:\\.\\./)+(?:lib/)?)${alternatives(SERVER_DIRS)}(?:/|$)`,
    allowTypeImports: true,
    message: "Browser code must not import server modules (Redis, Kv, streams, logs…); share types or move the code.",
  },
  {
    regex: "^@livekv/server(?:/|$)",
    message: "Browser code must not import the server package.",
  },
  {
    // A feature's index is its server API; browser code reaches only its types, limits and helpers.
    regex: `^@/lib/${alternatives(FEATURES)}$`,
    allowTypeImports: true,
    message: "Browser code must not import a feature's server API; import its types or limits module.",
  },
  {
    regex: `^@/lib/sse(?:/(?!${alternatives(SSE_BROWSER)}$)[^/]+)?$`,
    allowTypeImports: true,
    message: "Browser code imports only lib/sse's wire protocol (lib/sse/protocol); its browser client is lib/client/stream.",
  },
  {
    regex: `^(?:node:|${alternatives(builtinModules.map((name) => name.replace("/", "\\/")))}(?:/|$))`,
    message: "Browser code must not import Node's built-in modules.",
  },
  {
    regex: "^(?:ioredis|prom-client|@deno/kv|server-only)$",
    message: "Browser code must not import server-only packages.",
  },
];

// Features (lib/links, lib/chat, lib/posts) reach one another, if at all, through the index.
const featureBoundary = (feature) => {
  const others = FEATURES.filter((name) => name !== feature);
  return {
    regex: `^(?:@/lib/|@livekv/server/|(?:\\.\\./)+)${alternatives(others)}/`,
    message: `lib/${feature} must not import another feature's internals; use that feature's index, if at all.`,
  };
};

// A route goes through its feature: route → lib/<feature> → lib/kv → Redis.
const routesGoThroughFeatures = [
  {
    regex: "^(?:@/lib/|@livekv/server/|(?:\\.\\./)+lib/)(?:kv|redis)(?:/|$)",
    allowTypeImports: true,
    message: "Routes and pages reach Redis through a feature module (lib/<feature>), never lib/kv or lib/redis.",
  },
];

// Tests' harnesses and the tooling (scripts/: the managed redis-server, the history checker;
// bench/; e2e/) stay out of the product: only tests and tooling import them. Every block
// below that sets no-restricted-imports for product files carries these patterns too.
const productNeverImportsTooling = [
  {
    regex: "(?:^|/)(?:browser-)?test-support$",
    message: "Only tests import test support (a *.test.ts file or another test-support file).",
  },
  {
    regex: "(?:^|/)fixtures(?:/|$)",
    message: "Only tests import test fixtures.",
  },
  {
    // Relative ones climb two levels at least: lib/kv/cluster's "../scripts" is lib/kv/scripts.ts.
    regex: "^(?:@/|(?:\\.\\./){2,})(?:scripts|bench|e2e)(?:/|$)",
    message: "Product code must not import tooling (scripts/, bench/, e2e/): it is not part of the server package.",
  },
  {
    regex: "^(?:vitest|@playwright/test)(?:/|$)",
    message: "Product code must not import a test runner.",
  },
];

const restrict = (patterns) => ["error", { patterns: [...patterns, ...productNeverImportsTooling] }];

// The product: what the server package and the app are built from (the rest is tests and tooling).
const PRODUCT_FILES = ["app/**", "components/**", "lib/**", "server.ts", "proxy.ts", "instrumentation.ts", "next.config.ts"];

// Node-only code whose test helpers are named use… (useAppRedis, Playwright's use) but are no
// React hooks.
const NODE_ONLY_FILES = [...TEST_FILES, "e2e/**", "bench/**", "scripts/**"];
const reactHooksRules = Object.keys(nextCoreWebVitals.find((block) => block.plugins?.["react-hooks"]).plugins["react-hooks"].rules);

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    ignores: [".next/**", ".next-bench/**", "node_modules/**", "test-results/**", "playwright-report/**", ".data/**", "next-env.d.ts"],
  },
  {
    rules: {
      // A variable read by a closure before its one assignment (an unsubscribe handed to the
      // source that returns it) cannot be const.
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" }],
      "@typescript-eslint/no-unused-expressions": "error",
    },
  },
  // Type-aware rules cheap enough to run on every file: a promise nobody awaits or catches
  // loses its error (an unhandled rejection ends the server).
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
    },
  },
  {
    files: NODE_ONLY_FILES,
    rules: Object.fromEntries(reactHooksRules.map((rule) => [`react-hooks/${rule}`, "off"])),
  },
  {
    files: PRODUCT_FILES,
    ignores: TEST_FILES,
    rules: { "no-restricted-imports": restrict([]) },
  },
  {
    files: ["app/**"],
    ignores: TEST_FILES,
    rules: { "no-restricted-imports": restrict(routesGoThroughFeatures) },
  },
  ...FEATURES.map((feature) => ({
    files: [`lib/${feature}/**`],
    ignores: TEST_FILES,
    rules: { "no-restricted-imports": restrict([featureBoundary(feature)]) },
  })),
  {
    files: CLIENT_FILES,
    ignores: TEST_FILES,
    rules: { "no-restricted-imports": restrict(clientNeverImportsServer) },
  },
  {
    // The client layer's core works without React (as swr's core and zustand's vanilla do):
    // React lives in lib/client/hooks and components only.
    files: ["lib/client/**"],
    ignores: [...TEST_FILES, ...CLIENT_HOOKS],
    rules: {
      "no-restricted-imports": restrict([
        ...clientNeverImportsServer,
        {
          regex: "^(?:react|react-dom|swr)(?:/|$)",
          message: "lib/client's core is React-free; React and SWR belong in lib/client/hooks.",
        },
        {
          regex: "^(?:@/lib/client/hooks|\\.\\./hooks|\\./hooks)(?:/|$)",
          message: "lib/client's core must not import its React hooks.",
        },
      ]),
    },
  },
];

export default config;
