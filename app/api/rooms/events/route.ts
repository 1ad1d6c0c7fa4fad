// GET /api/rooms/events: the rooms list as Server-Sent Events ("rooms", the whole list each
// time). Every open rooms page in this process shares one feed (lib/chat's rooms-feed).
import { ROOMS_EVENT, watchRooms } from "@/lib/chat";
import { errorResponse } from "@/lib/http";
import { getKv } from "@/lib/server/kv";
import { mapSource, sseResponse } from "@/lib/sse";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(request: Request): Promise<Response> {
  try {
    const updates = watchRooms(await getKv());
    return sseResponse(
      request,
      mapSource(updates, (update) => ({ id: update.id, event: ROOMS_EVENT, data: update.snapshot })),
    );
  } catch (error) {
    return errorResponse(error);
  }
}
