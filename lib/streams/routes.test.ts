import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { matchStreamRoute, STREAM_ROUTES } from "./routes";

const APP_API = join(import.meta.dirname, "..", "..", "app", "api");

/** Every events/route.ts under app/api, as a pattern like "/api/links/[code]/events". */
function eventRouteFiles(dir = APP_API): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return eventRouteFiles(path);
    if (entry.name !== "route.ts" || !dir.endsWith(`${sep}events`)) return [];
    return ["/api/" + relative(APP_API, dir).split(sep).join("/")];
  });
}

describe("STREAM_ROUTES", () => {
  it("has exactly the app's events routes, so the front serves the URLs Next would", () => {
    expect(Object.keys(STREAM_ROUTES).sort()).toEqual(eventRouteFiles().sort());
  });

  it("is what each events route file serves: its GET is the stream declared at its own path", async () => {
    for (const pattern of eventRouteFiles()) {
      const file = join(APP_API, ...pattern.split("/").slice(2), "route.ts");
      const { GET } = (await import(file)) as { GET: { streamPath?: string } };
      expect(GET.streamPath).toBe(pattern);
    }
  });

  it("matches a path to its endpoint with the params decoded, as Next gives them", () => {
    const match = matchStreamRoute("/api/rooms/caf%C3%A9%20corner/events");
    expect(match?.endpoint).toBe(STREAM_ROUTES["/api/rooms/[room]/events"]);
    expect(match?.params).toEqual({ room: "café corner" });
    expect(matchStreamRoute("/api/links/events")?.endpoint).toBe(STREAM_ROUTES["/api/links/events"]);
  });

  it("matches nothing else", () => {
    for (const path of ["/api/links", "/api/links//events", "/api/links/a/b/events", "/api/rooms/events/", "/s/abc"]) {
      expect(matchStreamRoute(path)).toBeNull();
    }
  });
});
