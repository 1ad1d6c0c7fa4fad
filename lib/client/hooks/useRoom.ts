// A room, live: messages and presence from the room stream, starting from what the page
// was rendered with. The stream resumes right after the page's newest message (`after`),
// so nothing sent between the render and the connection is missed.

import { STREAMS } from "@/lib/api/streams";
import type { ConnectionStatus } from "@/lib/client/stream/subscribe";
import type { ChatMessage, PresenceEvent } from "@/lib/chat/types";
import { roomReducer, type RoomState } from "@/lib/client/chat/room-state";
import { useStream } from "./useStream";

export interface RoomView extends RoomState {
  status: ConnectionStatus;
}

export function useRoom(roomId: string, initial: { messages: ChatMessage[]; presence: PresenceEvent | null }): RoomView {
  // The page's newest message id, or "0" (the start) for a room that was empty.
  const after = initial.messages.at(-1)?.id ?? "0";
  const { data, status } = useStream(STREAMS.room, { room: roomId, after }, roomReducer, {
    fallbackData: { messages: initial.messages, presence: initial.presence, resets: 0 },
  });
  return { ...(data ?? { messages: initial.messages, presence: initial.presence, resets: 0 }), status };
}
