// useLinkGone(code, status, onGone): tells every viewer of a link's page when it is deleted.
// Its stats stream ends when the link is deleted, and then cannot reconnect (404); an outage
// also drops it. So while the stream is down the page asks whether the link still exists —
// at once, then every few seconds — and only a plain "not found" counts as gone.

import { useEffect, useRef } from "react";
import { linkExists } from "@/lib/client/links/manage-link";
import type { ConnectionStatus } from "@/lib/client/stream/subscribe";

const RECHECK_MS = 5_000;

/** `onGone` is called once the server says the link is not found; `status` is its stream's. */
export function useLinkGone(code: string, status: ConnectionStatus, onGone: () => void): void {
  const onGoneRef = useRef(onGone);
  useEffect(() => {
    onGoneRef.current = onGone;
  });

  useEffect(() => {
    if (status === "live" || status === "connecting") return;
    let cancelled = false;
    const check = async (): Promise<void> => {
      if ((await linkExists(code)) === false && !cancelled) {
        cancelled = true;
        onGoneRef.current();
      }
    };
    void check();
    const timer = setInterval(() => void check(), RECHECK_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [code, status]);
}
