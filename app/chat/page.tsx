import type { Metadata } from "next";
import { RoomsDirectory } from "@/components/chat/RoomsDirectory";
import { loadRooms } from "@livekv/server/chat";
import { getKv } from "@livekv/server/server";

export const metadata: Metadata = { title: "Chat rooms" };
// The list is live data: render it per request, then the stream keeps it current.
export const dynamic = "force-dynamic";

export default async function ChatRoomsPage() {
  const rooms = await loadRooms(await getKv());
  return <RoomsDirectory initial={rooms} />;
}
