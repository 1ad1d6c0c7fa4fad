import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { ChatRoom } from "@/components/chat/ChatRoom";
import { getRoom, listMessages, memberIdFromCookies, readPresence, type PresenceEvent } from "@livekv/server/chat";
import { getKv } from "@livekv/server/server";

// Live data: rendered per request, then the room stream carries on from the newest message shown.
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ room: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const room = await getRoom(await getKv(), (await params).room);
  return { title: room ? `# ${room.name}` : "No such room" };
}

export default async function ChatRoomPage({ params }: Props) {
  const { room: roomId } = await params;
  const kv = await getKv();
  const room = await getRoom(kv, roomId);
  if (room === null) notFound();
  const [page, presence] = await Promise.all([listMessages(kv, roomId), readPresence(kv, roomId)]);
  // Who this visitor is, if they have been here before; a first visit learns it from the stream.
  const you = await memberIdFromCookies((await headers()).get("cookie"), kv);
  const initialPresence: PresenceEvent | null = you === null ? null : { ...presence, you };
  return <ChatRoom room={room} initialMessages={page.messages} olderCursor={page.before} initialPresence={initialPresence} />;
}
