// The chat API from the browser: typed calls that either return the answer or throw an
// ApiError carrying the server's { error: { code, message } } (and Retry-After for 429s).

import type { ChatMessage, MessagePage, ReactionName, RoomRecord } from "../types";

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds to wait, from Retry-After (429), or null. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      headers: init.body === undefined ? init.headers : { "content-type": "application/json", ...init.headers },
      cache: "no-store",
    });
  } catch {
    throw new ApiError(0, "network_error", "Could not reach the server. Check your connection.");
  }
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const retryAfter = Number(response.headers.get("retry-after"));
    throw new ApiError(
      response.status,
      typeof error?.code === "string" ? error.code : "http_error",
      typeof error?.message === "string" ? error.message : `The server answered ${response.status}.`,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    );
  }
  return body as T;
}

const roomPath = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}`;

/** `clientId`: the same for a resubmission of the same name, so it cannot make a second room. */
export function createRoom(name: string, clientId: string): Promise<RoomRecord> {
  return call("/api/rooms", { method: "POST", body: JSON.stringify({ name, clientId }) });
}

export function postMessage(roomId: string, body: { author: string; text: string; clientId: string }): Promise<ChatMessage> {
  return call(`${roomPath(roomId)}/messages`, { method: "POST", body: JSON.stringify(body) });
}

const messagePath = (roomId: string, messageId: string) => `${roomPath(roomId)}/messages/${encodeURIComponent(messageId)}`;

export function editMessage(roomId: string, messageId: string, text: string): Promise<ChatMessage> {
  return call(messagePath(roomId, messageId), { method: "PATCH", body: JSON.stringify({ text }) });
}

export function deleteMessage(roomId: string, messageId: string): Promise<ChatMessage> {
  return call(messagePath(roomId, messageId), { method: "DELETE" });
}

/** Adds (`on`) or takes back this visitor's reaction. */
export function setReaction(roomId: string, messageId: string, reaction: ReactionName, on: boolean): Promise<ChatMessage> {
  return call(`${messagePath(roomId, messageId)}/reactions/${reaction}`, { method: on ? "PUT" : "DELETE" });
}

export function fetchMessages(roomId: string, before: string | null): Promise<MessagePage> {
  const query = before === null ? "" : `?before=${encodeURIComponent(before)}`;
  return call(`${roomPath(roomId)}/messages${query}`);
}

export function reportTyping(roomId: string, typing: boolean): Promise<void> {
  return call(`${roomPath(roomId)}/typing`, { method: "POST", body: JSON.stringify({ typing }) });
}

export function setPresenceName(roomId: string, name: string): Promise<{ name: string }> {
  return call(`${roomPath(roomId)}/presence`, { method: "POST", body: JSON.stringify({ name }) });
}

export const roomEventsUrl = (roomId: string, after: string) => `${roomPath(roomId)}/events?after=${encodeURIComponent(after)}`;
export const ROOMS_EVENTS_URL = "/api/rooms/events";
