"use client";

import { LiveStatus } from "@/components/live/LiveStatus";
import { useRooms } from "@/lib/client/hooks/useRooms";
import type { RoomsSnapshot } from "@/lib/chat/types";
import { CreateRoomForm } from "./CreateRoomForm";
import { unreadCount } from "@/lib/client/chat/read-marks";
import { useReadMarks } from "@/lib/client/hooks/useReadMarks";
import { RoomCard } from "./RoomCard";

/** /chat: the rooms, live — order, last messages and online counts move as they change. */
export function RoomsDirectory({ initial }: { initial: RoomsSnapshot }) {
  const { rooms, status } = useRooms(initial);
  const marks = useReadMarks();
  return (
    <div className="mx-auto max-w-3xl px-4 py-8 sm:px-6 sm:py-12">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-3xl font-bold tracking-tight text-slate-900">Chat rooms</h1>
          <p className="mt-1 text-slate-600">Every message reaches everyone in the room the moment it is sent.</p>
        </div>
        <LiveStatus status={status} />
      </div>

      <div className="mt-6">
        <CreateRoomForm />
      </div>

      <section aria-labelledby="rooms-title" className="mt-8">
        <div className="flex items-baseline justify-between">
          <h2 id="rooms-title" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
            Rooms
          </h2>
          <p className="text-xs text-slate-400">
            {rooms.total === 0 ? "" : rooms.total > rooms.rooms.length ? `${rooms.rooms.length} most active of ${rooms.total}` : `${rooms.total} in all`}
          </p>
        </div>
        {rooms.rooms.length === 0 ? (
          <div className="mt-3 rounded-xl border border-dashed border-slate-300 bg-white/60 px-6 py-12 text-center">
            <p className="font-medium text-slate-700">No rooms yet</p>
            <p className="mt-1 text-sm text-slate-500">Start the first one above.</p>
          </div>
        ) : (
          <ul className="mt-3 grid grid-cols-1 gap-3" data-testid="rooms-list">
            {rooms.rooms.map((room) => (
              <li key={room.id}>
                <RoomCard room={room} unread={unreadCount(marks, room.id, room.messageCount)} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
