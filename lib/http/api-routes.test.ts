// The API route table proxy.ts answers 404/405 from must match the route files: every
// app/api/**/route.ts is listed with exactly the HTTP methods it exports, and nothing else is.
import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { allowedMethods, API_ROUTES } from "./api-routes";

const root = fileURLToPath(new URL("../..", import.meta.url));
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(path);
    return entry.name === "route.ts" ? [path] : [];
  });
}

describe("API_ROUTES", () => {
  it("lists every route file under app/api with the methods it exports", async () => {
    const found: Record<string, string[]> = {};
    for (const file of routeFiles(join(root, "app", "api"))) {
      const pattern = "/" + relative(join(root, "app"), file).split(sep).slice(0, -1).join("/");
      const routeModule = (await import(file)) as Record<string, unknown>;
      found[pattern] = METHODS.filter((method) => typeof routeModule[method] === "function");
    }
    expect(found).toEqual(Object.fromEntries(Object.entries(API_ROUTES).map(([k, v]) => [k, [...v]])));
  });

  it("matches paths as Next's router does: static segments first, one segment per [param]", () => {
    expect(allowedMethods("/api/links/events")).toEqual(["GET", "HEAD", "OPTIONS"]);
    expect(allowedMethods("/api/links/abc123")).toEqual(["GET", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
    expect(allowedMethods("/api/posts/x/like")).toEqual(["POST", "DELETE", "OPTIONS"]);
    expect(allowedMethods("/api/rooms/%F0%9F%98%80/messages")).toEqual(["GET", "POST", "HEAD", "OPTIONS"]);
    expect(allowedMethods("/api/links/")).toEqual(["GET", "POST", "HEAD", "OPTIONS"]);
    expect(allowedMethods("/api/nothing")).toBeNull();
    expect(allowedMethods("/api/links/a/b")).toBeNull();
    expect(allowedMethods("/api/rooms//messages")).toBeNull();
  });
});
