// lib/chat: live chat rooms on KV — rooms unique by name, messages numbered in commit order
// (one atomic commit per message, with the room's activity marker), pages of history, a room
// stream that resumes exactly after the last message seen, presence and typing kept by
// expiring keys, and a live rooms list. Server-only: the browser side is lib/client/chat.
// Every function takes the Kv to use, so tests and tools bring their own.
//
// Grouped by what it does:
//   rooms/      creating and reading rooms, the live rooms list
//   messages/   sending, editing, deleting and reacting (one writer per room's log), pages of
//               history, the room's shared log and its stream of messages and updates
//   presence/   who is online and typing: marks held by open streams, the live presence feed
//   room-events.ts  one room stream: its messages and its presence merged
// and, shared by all: ids, keys (the key layout), limits, errors, types, schemas, validation,
// rate limits and the visitor.

export { createRoom, createRoomOnce, getRoom, getRoomEntry, requireRoomEntry, type CreatedRoom } from "./rooms/rooms";
export { sendMessage, type SendInput, type SendResult } from "./messages/send";
export { editMessage, deleteMessage, setReaction, type ChangeResult } from "./messages/change";
export { messagesSent } from "./messages/message-count";
export { listMessages, type PageQuery } from "./messages/messages";
export { setPresenceName, setTyping, readPresence } from "./presence/presence";
export { openRoomEvents } from "./room-events";
export { runningRoomLogs } from "./messages/room-log";
export { resumePoint, type ResumePoint } from "./messages/resume";
export { watchRoomPresence, runningPresenceFeeds } from "./presence/room-presence-feed";
export { watchRooms, loadRooms, type RoomsUpdate } from "./rooms/rooms-feed";
export { presenceKeeperOf, PresenceKeeper } from "./presence/presence-keeper";
export { takeChatToken, rateKeysOf, type Sender, type RateScope } from "./rate";
export { chatVisitor, withVisitorCookie, memberIdFromCookies, type ChatVisitor } from "./visitor";
export { memberIdOf } from "./member";
export { isRoomId, seqOf, slugOf } from "./ids";
export { ChatError, type ChatErrorCode } from "./errors";
export { createRoomBody, sendMessageBody, editMessageBody, presenceBody, typingBody, messagesQuery } from "./schemas";
export * from "./reactions";
export * from "./limits";
export * from "./types";
