// The rooms list, live (one shared stream per browser), starting from the rendered list.

import { replaceWith } from "@/lib/hooks/live-reducers";
import { useLiveStream } from "@/lib/hooks/useLiveStream";
import type { ConnectionStatus } from "@/lib/sse/client";
import { ROOMS_EVENT, type RoomsSnapshot } from "../types";
import { ROOMS_EVENTS_URL } from "./api";

const reduce = replaceWith<RoomsSnapshot>(ROOMS_EVENT);

export function useRooms(initial: RoomsSnapshot): { rooms: RoomsSnapshot; status: ConnectionStatus } {
  const { data, status } = useLiveStream<RoomsSnapshot | undefined>(ROOMS_EVENTS_URL, reduce, { fallbackData: initial });
  return { rooms: data ?? initial, status };
}
