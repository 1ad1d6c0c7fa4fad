"use client";

import { usePostLiveStatus } from "@/lib/client/hooks/usePostLive";
import { LiveStatus } from "@/components/live/LiveStatus";

/** The connection badge for the post's stream, which another component of the page opens. */
export function PostLiveStatus({ postId, cursor, className }: { postId: string; cursor: string; className?: string }) {
  return <LiveStatus status={usePostLiveStatus(postId, cursor)} className={className} />;
}
