"use client";

import { useState } from "react";
import { formatCount } from "@/components/ui/numbers";
import styles from "./posts.module.css";

/**
 * A number that bumps when it changes. Keyed by value, so each change remounts the span and
 * replays the animation. Until the value first differs from the one it was rendered with,
 * no animation class is set at all: adding one after hydration would play it on page load.
 */
export function LiveCount({ value, testId, className = "" }: { value: number; testId?: string; className?: string }) {
  const [first] = useState(value);
  const [changed, setChanged] = useState(false);
  if (!changed && value !== first) setChanged(true);
  const animate = changed || value !== first;
  return (
    <span key={value} data-testid={testId} className={`tabular-nums ${animate ? styles.bump : ""} ${className}`}>
      {formatCount(value)}
    </span>
  );
}
