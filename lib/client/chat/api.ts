// The chat API from the browser: typed calls that either return the answer or throw an
// ApiError carrying the server's { error: { code, message } } (and Retry-After for 429s).

import { apiFetch } from "@/lib/client/api";
import type { ChatMessage, MessagePage, ReactionName, RoomRecord } from "@/lib/chat/types";

const roomPath = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}`;

/** `clientId`: the same for a resubmission of the same name, so it cannot make a second room. */
export function createRoom(name: string, clientId: string): Promise<RoomRecord> {
  return apiFetch("/api/rooms", { method: "POST", body: JSON.stringify({ name, clientId }) });
}

export function postMessage(roomId: string, body: { author: string; text: string; clientId: string }): Promise<ChatMessage> {
  return apiFetch(`${roomPath(roomId)}/messages`, { method: "POST", body: JSON.stringify(body) });
}

const messagePath = (roomId: string, messageId: string) => `${roomPath(roomId)}/messages/${encodeURIComponent(messageId)}`;

export function editMessage(roomId: string, messageId: string, text: string): Promise<ChatMessage> {
  return apiFetch(messagePath(roomId, messageId), { method: "PATCH", body: JSON.stringify({ text }) });
}

export function deleteMessage(roomId: string, messageId: string): Promise<ChatMessage> {
  return apiFetch(messagePath(roomId, messageId), { method: "DELETE" });
}

/** Adds (`on`) or takes back this visitor's reaction. */
export function setReaction(roomId: string, messageId: string, reaction: ReactionName, on: boolean): Promise<ChatMessage> {
  return apiFetch(`${messagePath(roomId, messageId)}/reactions/${reaction}`, { method: on ? "PUT" : "DELETE" });
}

export function fetchMessages(roomId: string, before: string | null): Promise<MessagePage> {
  const query = before === null ? "" : `?before=${encodeURIComponent(before)}`;
  return apiFetch(`${roomPath(roomId)}/messages${query}`);
}

export function reportTyping(roomId: string, typing: boolean): Promise<void> {
  return apiFetch(`${roomPath(roomId)}/typing`, { method: "POST", body: JSON.stringify({ typing }) });
}

export function setPresenceName(roomId: string, name: string): Promise<{ name: string }> {
  return apiFetch(`${roomPath(roomId)}/presence`, { method: "POST", body: JSON.stringify({ name }) });
}
