"use client";

// /chat/{room}: the conversation (live, with older pages on demand), who is here and who is
// typing, and the composer. Sending shows the message at once as pending; the server's
// answer (or the stream, whichever comes first) turns it into the stored message.

import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { LiveStatus } from "@/components/live/LiveStatus";
import { ApiError } from "@/lib/client/api";
import { deleteMessage, editMessage, fetchMessages, postMessage, setPresenceName, setReaction } from "@/lib/client/chat/api";
import { useAuthorName } from "@/lib/client/hooks/useAuthorName";
import { mergeConversation, newClientId, updateOutgoing, type Outgoing } from "@/lib/client/chat/outbox";
import { markRead } from "@/lib/client/chat/read-marks";
import { isNewer } from "@/lib/client/chat/room-state";
import { TypingReporter } from "@/lib/client/chat/typing-reporter";
import { useRoom } from "@/lib/client/hooks/useRoom";
import { headOf, type ChatMessage, type PresenceEvent, type RoomRecord } from "@/lib/chat/types";
import { Composer } from "./Composer";
import type { MessageHandlers } from "./MessageItem";
import { MessageList } from "./MessageList";
import { PresencePanel, PresenceStack } from "./PresencePanel";
import { TypingIndicator } from "./TypingIndicator";

// Tell the room our name once the visitor stops editing it for this long.
const NAME_SYNC_DELAY_MS = 600;

interface Props {
  room: RoomRecord;
  initialMessages: ChatMessage[];
  /** Cursor for the page before `initialMessages`, or null at the room's start. */
  olderCursor: string | null;
  initialPresence: PresenceEvent | null;
}

export function ChatRoom({ room, initialMessages, olderCursor, initialPresence }: Props) {
  const live = useRoom(room.id, { messages: initialMessages, presence: initialPresence });
  const [author, setAuthor] = useAuthorName();
  const [older, setOlder] = useState<ChatMessage[]>([]);
  const [cursor, setCursor] = useState(olderCursor);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState<string | null>(null);
  const [outbox, setOutbox] = useState<Outgoing[]>([]);
  // Until when the server refuses this visitor's writes (a 429's Retry-After), or null.
  const [blockedUntil, setBlockedUntil] = useState<number | null>(null);
  // This tab's own changes as the server answered them (the stream brings them too).
  const [answered, setAnswered] = useState<ChatMessage[]>([]);
  const [actionError, setActionError] = useState<string | null>(null);
  const [titleOpen, setTitleOpen] = useState(false);
  const typing = useMemo(() => new TypingReporter(room.id), [room.id]);

  const presence = live.presence;
  const you = presence?.you ?? null;
  const revisions = useMemo(() => [...Object.values(live.revised ?? {}), ...answered], [live.revised, answered]);
  const { messages, unsent } = useMemo(
    () => mergeConversation([older, live.messages], outbox, revisions),
    [older, live.messages, outbox, revisions],
  );

  // How far this browser has read the room, for the rooms list's unread counts: the room's
  // message count at render, plus every message that came after.
  const renderHead = headOf(room);
  const seenCount = room.messageCount + messages.filter((message) => message.seq > renderHead).length;
  useEffect(() => markRead(room.id, seenCount), [room.id, seenCount]);

  // The server could not resume our stream (its data was reset): start over from its latest page.
  const resets = useRef(live.resets);
  useEffect(() => {
    if (live.resets === resets.current) return;
    resets.current = live.resets;
    fetchMessages(room.id, null).then(
      (page) => {
        setOlder(page.messages);
        setCursor(page.before);
        setOutbox((items) => items.filter((item) => item.state !== "sent"));
      },
      () => setOlderError("Could not reload the messages."),
    );
  }, [live.resets, room.id]);

  const loadOlder = useCallback(() => {
    if (cursor === null || loadingOlder) return;
    setLoadingOlder(true);
    setOlderError(null);
    fetchMessages(room.id, cursor).then(
      (page) => {
        setOlder((current) => [...page.messages, ...current]);
        setCursor(page.before);
        setLoadingOlder(false);
      },
      () => {
        setOlderError("Could not load earlier messages.");
        setLoadingOlder(false);
      },
    );
  }, [cursor, loadingOlder, room.id]);

  const rateLimited = useCallback((error: ApiError) => {
    const until = Date.now() + (error.retryAfter ?? 10) * 1000;
    setBlockedUntil((current) => Math.max(current ?? 0, until));
  }, []);

  const deliver = useCallback(
    (item: Pick<Outgoing, "clientId" | "author" | "text">) => {
      postMessage(room.id, { author: item.author, text: item.text, clientId: item.clientId }).then(
        (message) => {
          setOutbox((items) => updateOutgoing(items, item.clientId, { state: "sent", message, error: undefined }));
        },
        (error: unknown) => {
          const known = error instanceof ApiError;
          const limited = known && error.status === 429;
          // A 429's "try again in N s" goes stale at once: the countdown above the composer
          // says it, live; the message itself just says why it was not sent.
          const reason = limited ? "you were sending too quickly." : known ? error.message : "Something went wrong.";
          setOutbox((items) =>
            updateOutgoing(items, item.clientId, { state: "failed", error: reason, retryAfter: known ? error.retryAfter : null }),
          );
          if (limited) rateLimited(error);
          typing.sendFailed();
        },
      );
    },
    [room.id, typing, rateLimited],
  );

  // A first-time visitor has no cookie until the room stream's answer sets one, and the
  // stream tells us who we are (`you`) only then. Anything posted before that would be made
  // under a second, different visitor: so sends wait (shown as pending) until we know.
  const identified = you !== null;
  const dispatched = useRef(new Set<string>());
  const dispatch = useCallback(
    (item: Outgoing) => {
      if (dispatched.current.has(item.clientId)) return;
      dispatched.current.add(item.clientId);
      deliver(item);
    },
    [deliver],
  );
  useEffect(() => {
    if (!identified) return;
    for (const item of outbox) if (item.state === "sending") dispatch(item);
  }, [identified, outbox, dispatch]);

  const send = useCallback(
    (text: string): boolean => {
      const name = author.trim();
      if (name === "") return false;
      const item: Outgoing = { clientId: newClientId(), author: name, text, createdAt: Date.now(), state: "sending" };
      setOutbox((items) => [...items, item]);
      typing.sent();
      return true;
    },
    [author, typing],
  );

  const retry = useCallback(
    (clientId: string) => {
      const item = outbox.find((candidate) => candidate.clientId === clientId);
      if (!item) return;
      setOutbox((items) => updateOutgoing(items, clientId, { state: "sending", error: undefined }));
      // Same clientId: if the first attempt did reach the server, this returns that message.
      dispatched.current.delete(clientId);
    },
    [outbox],
  );

  // Edits, deletes and reactions: shown as the server answers (everyone else gets them from
  // their stream); a refusal is said above the composer.
  const answer = useCallback((message: ChatMessage) => setAnswered((list) => [...list.filter((m) => m.id !== message.id || !isNewer(message, m)), message]), []);
  const refuse = useCallback(
    (error: unknown): string => {
      if (error instanceof ApiError && error.status === 429) {
        rateLimited(error);
        return "You are doing that too quickly.";
      }
      return error instanceof ApiError ? error.message : "Something went wrong.";
    },
    [rateLimited],
  );
  const handlers = useMemo<MessageHandlers>(
    () => ({
      react: (message, name, on) => {
        setActionError(null);
        setReaction(room.id, message.id, name, on).then(answer, (error: unknown) => setActionError(refuse(error)));
      },
      edit: (message, text) =>
        editMessage(room.id, message.id, text).then(
          (stored) => {
            answer(stored);
            return null;
          },
          (error: unknown) => refuse(error),
        ),
      remove: (message) => {
        if (!window.confirm("Delete this message for everyone?")) return;
        setActionError(null);
        deleteMessage(room.id, message.id).then(answer, (error: unknown) => setActionError(refuse(error)));
      },
    }),
    [room.id, answer, refuse],
  );

  // Stored messages the live stream now has need no copy in the outbox.
  useEffect(() => {
    const streamed = new Set(live.messages.map((message) => message.id));
    // eslint-disable-next-line react-hooks/set-state-in-effect -- keeps the same array (no render) unless the stream took a sent message
    setOutbox((items) => {
      const kept = items.filter((item) => !(item.state === "sent" && item.message && streamed.has(item.message.id)));
      return kept.length === items.length ? items : kept;
    });
  }, [live.messages]);

  // The presence list shows the name we post under (once we are a known visitor, see above).
  useEffect(() => {
    const name = author.trim();
    if (name === "" || !identified) return;
    const timer = setTimeout(() => setPresenceName(room.id, name).catch(() => {}), NAME_SYNC_DELAY_MS);
    return () => clearTimeout(timer);
  }, [author, room.id, identified]);

  const reportDraft = useCallback(
    (draft: string) => {
      if (identified) typing.draftChanged(draft);
    },
    [identified, typing],
  );

  const others = (presence?.typing ?? []).filter((member) => member.memberId !== you);
  const online = presence?.online ?? 0;
  const members = presence?.members ?? [];

  return (
    <div className="mx-auto flex h-[calc(100dvh-3.5rem)] max-w-6xl flex-col sm:px-6 sm:py-4">
      <div className="flex min-h-0 flex-1 flex-col overflow-hidden bg-white sm:rounded-2xl sm:border sm:border-slate-200 sm:shadow-sm">
        <header className="flex items-center gap-3 border-b border-slate-200 px-3 py-2.5 sm:px-4 sm:py-3">
          <Link
            href="/chat"
            aria-label="All rooms"
            className="inline-flex h-8 w-8 shrink-0 items-center justify-center rounded-lg text-slate-500 transition hover:bg-slate-100 hover:text-slate-900"
          >
            <svg viewBox="0 0 20 20" fill="currentColor" className="h-5 w-5" aria-hidden="true">
              <path fillRule="evenodd" d="M11.78 5.22a.75.75 0 0 1 0 1.06L8.06 10l3.72 3.72a.75.75 0 1 1-1.06 1.06l-4.25-4.25a.75.75 0 0 1 0-1.06l4.25-4.25a.75.75 0 0 1 1.06 0Z" clipRule="evenodd" />
            </svg>
          </Link>
          <div className="min-w-0 flex-1">
            {/* A long name wraps to two lines; tapping it shows the rest (a tooltip needs a mouse). */}
            <h1 title={room.name} data-testid="room-title" className="text-base leading-snug font-semibold text-slate-900 sm:text-lg">
              <button
                type="button"
                aria-expanded={titleOpen}
                onClick={() => setTitleOpen((open) => !open)}
                className={`text-left [overflow-wrap:anywhere] ${titleOpen ? "" : "line-clamp-2 sm:line-clamp-1"}`}
              >
                <span className="mr-1 text-slate-400" aria-hidden="true">
                  #
                </span>
                {room.name}
              </button>
            </h1>
          </div>
          <span className="hidden sm:inline-flex lg:hidden">
            <PresenceStack online={online} members={members} />
          </span>
          {/* Phones: the count opens the list (native disclosure, no script needed). */}
          <details className="group relative sm:hidden">
            <summary
              data-testid="online-count-compact"
              className="flex cursor-pointer list-none items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium whitespace-nowrap text-slate-700 ring-1 ring-slate-200 hover:bg-slate-100 [&::-webkit-details-marker]:hidden"
            >
              <span className="h-2 w-2 rounded-full bg-emerald-500" aria-hidden="true" />
              {online} online
              <span className="sr-only">: show who is here</span>
              <svg viewBox="0 0 20 20" fill="currentColor" className="h-3.5 w-3.5 transition group-open:rotate-180" aria-hidden="true">
                <path fillRule="evenodd" d="M5.22 8.22a.75.75 0 0 1 1.06 0L10 11.94l3.72-3.72a.75.75 0 1 1 1.06 1.06l-4.25 4.25a.75.75 0 0 1-1.06 0L5.22 9.28a.75.75 0 0 1 0-1.06Z" clipRule="evenodd" />
              </svg>
            </summary>
            <div className="absolute right-0 z-20 mt-2 max-h-80 w-60 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-lg">
              <PresencePanel online={online} members={members} you={you} />
            </div>
          </details>
          <LiveStatus status={live.status} />
        </header>

        <div className="flex min-h-0 flex-1">
          <section aria-label="Conversation" className="flex min-w-0 flex-1 flex-col">
            <MessageList
              messages={messages}
              unsent={unsent}
              you={you}
              hasOlder={cursor !== null}
              loadingOlder={loadingOlder}
              olderError={olderError}
              onLoadOlder={loadOlder}
              onRetry={retry}
              handlers={handlers}
            />
            <TypingIndicator typing={others} />
            <Composer
              author={author}
              onAuthorChange={setAuthor}
              onSend={send}
              onDraftChange={reportDraft}
              blockedUntil={blockedUntil}
              onUnblocked={() => setBlockedUntil(null)}
              notice={actionError}
              onDismissNotice={() => setActionError(null)}
            />
          </section>
          <aside data-testid="presence-sidebar" className="hidden w-64 shrink-0 border-l border-slate-200 bg-slate-50/60 lg:block">
            <PresencePanel online={online} members={members} you={you} />
          </aside>
        </div>
      </div>
    </div>
  );
}
