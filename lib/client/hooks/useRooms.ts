// The rooms list, live (one shared stream per browser), starting from the rendered list.

import { STREAMS } from "@/lib/api/streams";
import type { RoomsSnapshot } from "@/lib/chat/types";
import type { ConnectionStatus } from "@/lib/client/stream/subscribe";
import { useStream } from "./useStream";

export function useRooms(initial: RoomsSnapshot): { rooms: RoomsSnapshot; status: ConnectionStatus } {
  const { data, status } = useStream(STREAMS.rooms, {}, (_current, event) => event.data, { fallbackData: initial });
  return { rooms: data ?? initial, status };
}
