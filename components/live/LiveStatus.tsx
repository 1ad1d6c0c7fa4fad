// The connection badge every live page shows, so a visitor can tell live figures from
// stale ones. Presentational: pass the status from useLiveStream / useConnectionStatus.

import type { ConnectionStatus } from "@/lib/client/stream/subscribe";

const LOOK: Record<ConnectionStatus, { label: string; dot: string; pill: string }> = {
  live: { label: "Live", dot: "bg-emerald-500", pill: "bg-emerald-50 text-emerald-700 ring-emerald-200" },
  reconnecting: {
    label: "Reconnecting…",
    dot: "bg-amber-500 motion-safe:animate-pulse",
    pill: "bg-amber-50 text-amber-800 ring-amber-200",
  },
  offline: { label: "Offline", dot: "bg-slate-400", pill: "bg-slate-100 text-slate-600 ring-slate-200" },
  connecting: {
    label: "Connecting…",
    dot: "bg-slate-300 motion-safe:animate-pulse",
    pill: "bg-slate-50 text-slate-500 ring-slate-200",
  },
};

export function LiveStatus({ status, className = "" }: { status: ConnectionStatus; className?: string }) {
  const look = LOOK[status];
  return (
    <span
      role="status"
      aria-live="polite"
      data-testid="live-status"
      data-status={status}
      className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset ${look.pill} ${className}`}
    >
      <span className={`h-2 w-2 shrink-0 rounded-full ${look.dot}`} aria-hidden="true" />
      {look.label}
    </span>
  );
}
