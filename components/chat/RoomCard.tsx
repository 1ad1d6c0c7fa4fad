import Link from "next/link";
import type { RoomSummary } from "@/lib/chat/types";
import { RelativeTime } from "@/components/ui/RelativeTime";

/** `unread`: messages this browser has not seen, or null for a room it never opened. */
export function RoomCard({ room, unread }: { room: RoomSummary; unread: number | null }) {
  return (
    <Link
      href={`/chat/${room.id}`}
      data-testid="room-card"
      data-room={room.id}
      className="group flex items-start gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm transition hover:border-indigo-200 hover:shadow-md focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
    >
      <span
        aria-hidden="true"
        className="mt-0.5 inline-flex h-10 w-10 shrink-0 items-center justify-center rounded-lg bg-emerald-50 text-lg font-semibold text-emerald-700"
      >
        #
      </span>
      <span className="min-w-0 flex-1">
        <span className="flex items-baseline justify-between gap-3">
          {/* Long names wrap (two lines at most); the whole name is in the tooltip. */}
          <span title={room.name} data-testid="room-name" className="line-clamp-2 font-semibold [overflow-wrap:anywhere] text-slate-900 group-hover:text-indigo-700">
            {room.name}
          </span>
          <span className="flex shrink-0 items-center gap-2">
            {unread !== null && unread > 0 && (
              <span data-testid="room-unread" className="rounded-full bg-indigo-600 px-2 py-0.5 text-xs font-semibold text-white tabular-nums">
                {unread > 99 ? "99+" : unread}
                <span className="sr-only"> unread</span>
              </span>
            )}
            <RelativeTime at={room.lastActivity} className="text-xs text-slate-400" />
          </span>
        </span>
        <span className="mt-1 block truncate text-sm text-slate-500" data-testid="room-last-message">
          {room.lastMessage?.deleted ? (
            <span className="italic text-slate-400">Message deleted</span>
          ) : room.lastMessage ? (
            <>
              <span className="font-medium text-slate-700">{room.lastMessage.author}:</span> {room.lastMessage.text}
            </>
          ) : (
            <span className="italic text-slate-400">No messages yet</span>
          )}
        </span>
        <span className="mt-2 flex items-center gap-3 text-xs text-slate-500">
          <span className="inline-flex items-center gap-1.5" data-testid="room-online">
            <span className={`h-2 w-2 rounded-full ${room.online > 0 ? "bg-emerald-500" : "bg-slate-300"}`} aria-hidden="true" />
            {room.online} online
          </span>
          <span aria-hidden="true" className="text-slate-300">·</span>
          <span>
            {room.messageCount.toLocaleString("en-US")} message{room.messageCount === 1 ? "" : "s"}
          </span>
        </span>
      </span>
    </Link>
  );
}
