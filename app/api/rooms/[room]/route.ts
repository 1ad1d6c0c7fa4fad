// GET /api/rooms/{room}: the room record and who is in it now.
import { ChatError, getRoom, readPresence } from "@livekv/server/chat";
import { errorResponse } from "@livekv/server/http";
import { getKv } from "@livekv/server/server";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(_request: Request, context: { params: Promise<{ room: string }> }): Promise<Response> {
  const { room: roomId } = await context.params;
  try {
    const kv = await getKv();
    const room = await getRoom(kv, roomId);
    if (room === null) throw new ChatError("room_not_found", "There is no such room.");
    const presence = await readPresence(kv, roomId);
    return Response.json({ room, presence }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
