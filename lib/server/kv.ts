// The app's one Kv. Each Kv owns a Redis connection and a WatchHub with its own
// subscriber connection; opening one per request would multiply both, so a server
// process shares a single instance.
import { openKv, type Kv } from "@/lib/kv";

// Kept on globalThis rather than in a module variable because `next dev` re-evaluates
// modules on every edit, which would otherwise leak a Redis connection per reload.
const globalForKv = globalThis as typeof globalThis & {
  __livekvKv?: Promise<Kv>;
};

export function getKv(): Promise<Kv> {
  const existing = globalForKv.__livekvKv;
  if (existing) return existing;

  const url = process.env.REDIS_URL;
  if (!url) {
    // The start scripts always provide it (a managed redis-server when the user gave
    // none); reaching here means the app was started some other way.
    return Promise.reject(
      new Error("REDIS_URL is not set: start the app with `npm start` or `npm run dev`, or set REDIS_URL."),
    );
  }

  const opening = openKv({ url });
  // A failed open must not be cached forever: the next request retries.
  opening.catch(() => {
    if (globalForKv.__livekvKv === opening) globalForKv.__livekvKv = undefined;
  });
  globalForKv.__livekvKv = opening;
  return opening;
}
