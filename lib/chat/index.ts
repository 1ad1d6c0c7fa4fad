// lib/chat: live chat rooms on KV — rooms unique by name, messages numbered in commit order
// (one atomic commit per message, with the room's activity marker), pages of history, a room
// stream that resumes exactly after the last message seen, presence and typing kept by
// expiring keys, and a live rooms list. Key layout: keys.ts. Server-only: the browser side
// is lib/client (lib/client/chat). Every function takes the Kv to use, so tests and tools bring their own.

export { createRoom, createRoomOnce, getRoom, getRoomEntry, requireRoomEntry, type CreatedRoom } from "./rooms";
export { sendMessage, type SendInput, type SendResult } from "./send";
export { messagesSent } from "./message-count";
export { listMessages, type PageQuery } from "./messages";
export { setPresenceName, setTyping, readPresence } from "./presence";
export { openRoomEvents } from "./room-events";
export { runningRoomLogs } from "./room-log";
export { resumePoint, type ResumePoint } from "./resume";
export { watchRoomPresence, runningPresenceFeeds } from "./room-presence-feed";
export { watchRooms, loadRooms, type RoomsUpdate } from "./rooms-feed";
export { presenceKeeperOf, PresenceKeeper } from "./presence-keeper";
export { takeChatToken, rateKeysOf, type Sender, type RateScope } from "./rate";
export { chatVisitor, withVisitorCookie, memberIdFromCookies, type ChatVisitor } from "./visitor";
export { memberIdOf } from "./member";
export { isRoomId, seqOf, slugOf } from "./ids";
export { ChatError, type ChatErrorCode } from "./errors";
export { createRoomBody, sendMessageBody, presenceBody, typingBody, messagesQuery } from "./schemas";
export * from "./limits";
export * from "./types";
