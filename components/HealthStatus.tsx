"use client";

import useSWR from "swr";
import { ApiError, apiFetch } from "@/lib/client/api";
import type { HealthReport } from "@/lib/health/types";

// A 503 from /api/health still carries a full report (Redis down is an answer, not
// a failure of the check); only a missing or malformed answer is an error here.
async function fetchHealth(url: string): Promise<HealthReport> {
  try {
    return await apiFetch<HealthReport>(url);
  } catch (error) {
    if (error instanceof ApiError && error.status === 503 && error.body !== null) return error.body as HealthReport;
    throw error;
  }
}

type Tone = "good" | "bad" | "unknown";

const DOT: Record<Tone, string> = {
  good: "bg-emerald-500",
  bad: "bg-rose-500",
  unknown: "bg-slate-300",
};

// "flags KEA", and on a cluster which of its nodes are off or did not say.
function notificationsDetail({ flags, nodes }: HealthReport["notifications"]): string | undefined {
  const parts = flags ? [`flags ${flags}`] : [];
  if (nodes.checked > 1) {
    if (nodes.off > 0) parts.push(`off on ${nodes.off} of ${nodes.checked} nodes`);
    if (nodes.unknown > 0) parts.push(`${nodes.unknown} of ${nodes.checked} nodes not read`);
    if (nodes.off === 0 && nodes.unknown === 0) parts.push(`all ${nodes.checked} nodes`);
  }
  return parts.length > 0 ? parts.join(" · ") : undefined;
}

function Row({ label, tone, value, detail, testId }: {
  label: string;
  tone: Tone;
  value: string;
  detail?: string;
  testId: string;
}) {
  return (
    <div className="flex items-baseline justify-between gap-4 py-3">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="text-right">
        <span data-testid={testId} className="inline-flex items-center gap-2 text-sm font-medium text-slate-900">
          <span className={`h-2 w-2 rounded-full ${DOT[tone]}`} aria-hidden="true" />
          {value}
        </span>
        {/* A blank line while loading keeps the card from jumping when figures arrive. */}
        <span className="mt-0.5 block font-mono text-xs text-slate-400">{detail ?? "\u00a0"}</span>
      </dd>
    </div>
  );
}

export function HealthStatus() {
  const { data, error } = useSWR("/api/health", fetchHealth, {
    refreshInterval: 5_000,
    revalidateOnFocus: true,
  });

  const summary: { tone: Tone; text: string } = error
    ? { tone: "bad", text: "App unreachable" }
    : !data
      ? { tone: "unknown", text: "Checking…" }
      : data.ok
        ? { tone: "good", text: "All systems live" }
        : { tone: "bad", text: "Degraded" };

  const redis = data?.redis;
  const notifications = data?.notifications;
  const watch = data?.watch;

  return (
    <section
      aria-labelledby="live-status-title"
      className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm"
    >
      <div className="flex items-center justify-between gap-3">
        <h2 id="live-status-title" className="text-sm font-semibold text-slate-900">
          Live status
        </h2>
        <span
          data-testid="status-summary"
          className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium ${
            summary.tone === "good"
              ? "bg-emerald-50 text-emerald-700"
              : summary.tone === "bad"
                ? "bg-rose-50 text-rose-700"
                : "bg-slate-100 text-slate-500"
          }`}
        >
          <span className="relative flex h-2 w-2" aria-hidden="true">
            {summary.tone === "good" && (
              <span className="absolute inline-flex h-full w-full animate-ping rounded-full bg-emerald-400 opacity-60" />
            )}
            <span className={`relative inline-flex h-2 w-2 rounded-full ${DOT[summary.tone]}`} />
          </span>
          {summary.text}
        </span>
      </div>

      <dl className="mt-2 divide-y divide-slate-100">
        <Row
          label="Redis"
          testId="status-redis"
          tone={!redis ? "unknown" : redis.reachable ? "good" : "bad"}
          value={!redis ? "—" : redis.reachable ? "Reachable" : "Unreachable"}
          detail={redis?.latencyMs != null ? `PING ${redis.latencyMs} ms` : undefined}
        />
        <Row
          label="Keyspace notifications"
          testId="status-notifications"
          tone={
            notifications?.enabled == null ? "unknown" : notifications.enabled ? "good" : "bad"
          }
          value={
            !notifications || !redis?.reachable
              ? "—"
              : notifications.enabled === null
                ? "Not readable"
                : notifications.enabled
                  ? "On"
                  : "Off"
          }
          detail={notifications ? notificationsDetail(notifications) : undefined}
        />
        <Row
          label="Watchers"
          testId="status-watchers"
          tone={!watch ? "unknown" : watch.connected || watch.watchers === 0 ? "good" : "bad"}
          value={watch ? `${watch.watchers} open` : "—"}
          detail={
            watch
              ? `${watch.channels} channel${watch.channels === 1 ? "" : "s"} · ${watch.notifications} notification${watch.notifications === 1 ? "" : "s"}`
              : undefined
          }
        />
      </dl>
    </section>
  );
}
