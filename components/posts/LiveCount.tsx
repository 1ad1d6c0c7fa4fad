"use client";

import { useEffect, useState } from "react";
import { formatCount } from "./format";
import styles from "./posts.module.css";

/**
 * A number that bumps when it changes. Keyed by value, so each change remounts the span and
 * replays the animation; the first render (server and hydration) stays still.
 */
export function LiveCount({ value, testId, className = "" }: { value: number; testId?: string; className?: string }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return (
    <span key={value} data-testid={testId} className={`tabular-nums ${mounted ? styles.bump : ""} ${className}`}>
      {formatCount(value)}
    </span>
  );
}
