"use client";

import { useConnectionStatus } from "@/lib/client/hooks/connection-status";
import { LiveStatus } from "@/components/live/LiveStatus";

/** The connection badge for a stream some other component of the page subscribes to. */
export function PostLiveStatus({ streamUrl, className }: { streamUrl: string; className?: string }) {
  return <LiveStatus status={useConnectionStatus(streamUrl)} className={className} />;
}
