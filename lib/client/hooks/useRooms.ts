// The rooms list, live (one shared stream per browser), starting from the rendered list.

import { replaceWith } from "@/lib/client/hooks/live-reducers";
import { useLiveStream } from "@/lib/client/hooks/useLiveStream";
import type { ConnectionStatus } from "@/lib/client/stream/subscribe";
import { ROOMS_EVENT, type RoomsSnapshot } from "@/lib/chat/types";
import { ROOMS_EVENTS_URL } from "@/lib/client/chat/api";

const reduce = replaceWith<RoomsSnapshot>(ROOMS_EVENT);

export function useRooms(initial: RoomsSnapshot): { rooms: RoomsSnapshot; status: ConnectionStatus } {
  const { data, status } = useLiveStream<RoomsSnapshot | undefined>(ROOMS_EVENTS_URL, reduce, { fallbackData: initial });
  return { rooms: data ?? initial, status };
}
