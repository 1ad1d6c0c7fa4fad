"use client";

// "Sending too quickly — you can send again in 3 s": counts down each second, then goes away.

import { useEffect, useState } from "react";

export function RateLimitNotice({ until, onDone }: { until: number; onDone: () => void }) {
  const [now, setNow] = useState(() => Date.now());
  const left = Math.ceil((until - now) / 1000);

  useEffect(() => {
    if (left <= 0) {
      onDone();
      return;
    }
    // Wake on the next whole second of the wait, so the number changes when it should.
    const timer = setTimeout(() => setNow(Date.now()), ((until - Date.now()) % 1000) + 20);
    return () => clearTimeout(timer);
  }, [left, until, onDone, now]);

  if (left <= 0) return null;
  return (
    <p role="status" data-testid="rate-limit-notice" className="mb-2 rounded-lg bg-amber-50 px-3 py-1.5 text-xs font-medium text-amber-800 ring-1 ring-amber-200 ring-inset">
      You are sending too quickly. You can send again in <span className="tabular-nums">{left}</span> s.
    </p>
  );
}
