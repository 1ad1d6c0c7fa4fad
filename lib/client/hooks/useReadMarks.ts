// This browser's read marks per chat room (lib/client/chat/read-marks), kept current as any
// tab reads a room; none while rendering on the server.

import { useSyncExternalStore } from "react";
import { NO_MARKS, readMarks, subscribeToMarks, type Marks } from "@/lib/client/chat/read-marks";

export function useReadMarks(): Marks {
  return useSyncExternalStore(subscribeToMarks, readMarks, () => NO_MARKS);
}
