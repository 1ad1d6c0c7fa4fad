// The big live number. Keyed by the count, so React remounts the figure on every change
// and its CSS animation plays again.

import { formatCount, plural } from "@/components/ui/numbers";
import styles from "./ClickCounter.module.css";

export function ClickCounter({ clicks, botHits }: { clicks: number; botHits: number }) {
  return (
    <div>
      <p className="text-sm font-medium text-slate-500">Total clicks</p>
      <p className="mt-1 text-6xl font-bold tracking-tight text-slate-900 tabular-nums sm:text-7xl">
        <output key={clicks} data-testid="click-count" aria-live="polite" className={styles.bump}>
          {formatCount(clicks)}
        </output>
      </p>
      <p className="mt-2 text-xs text-slate-400" data-testid="bot-hits" title="HEAD requests, crawlers and link-preview fetchers">
        + {plural(botHits, "bot or preview hit")} not counted
      </p>
    </div>
  );
}
