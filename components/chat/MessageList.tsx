"use client";

// The conversation, oldest to newest, in its own scroll box. Follows new messages while the
// reader is at the bottom; when they have scrolled up to read, new messages wait behind a
// "new messages" button instead of yanking the view. Scrolling near the top loads the page
// before, keeping what the reader looks at in place.

import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import type { Outgoing } from "@/lib/client/chat/outbox";
import { dayLabel, differentDay } from "@/components/ui/time";
import { useHydrated, useNow } from "@/lib/client/hooks/useNow";
import type { ChatMessage } from "@/lib/chat/types";
import { MessageItem, UnsentItem, type MessageHandlers } from "./MessageItem";

// Within this of the bottom counts as "at the bottom" (a pixel or two off is not "scrolled up").
const BOTTOM_SLACK_PX = 80;
// A new run of bubbles (name and time again) after this long, even from the same person.
const RUN_GAP_MS = 5 * 60_000;

interface Props {
  messages: ChatMessage[];
  unsent: Outgoing[];
  you: string | null;
  hasOlder: boolean;
  loadingOlder: boolean;
  olderError: string | null;
  onLoadOlder: () => void;
  onRetry: (clientId: string) => void;
  handlers: MessageHandlers;
}

export function MessageList({ messages, unsent, you, hasOlder, loadingOlder, olderError, onLoadOlder, onRetry, handlers }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const previous = useRef<{ first: number | null; last: string | null; height: number; count: number } | null>(null);
  const [unseen, setUnseen] = useState(0);
  const hydrated = useHydrated();
  const now = useNow(30_000);

  const scrollToBottom = useCallback((smooth = false) => {
    const box = scroller.current;
    if (!box) return;
    box.scrollTo({ top: box.scrollHeight, behavior: smooth ? "smooth" : "instant" });
    atBottom.current = true;
    setUnseen(0);
  }, []);

  const lastKey = unsent.length > 0 ? `u:${unsent.at(-1)?.clientId}` : messages.length > 0 ? `m:${messages.at(-1)?.id}` : null;
  const firstSeq = messages[0]?.seq ?? null;

  // After each render that changed the list: keep the reader's place (older page added above)
  // or follow the conversation (new message below, if they were at the bottom or it is theirs).
  useLayoutEffect(() => {
    const box = scroller.current;
    if (!box) return;
    const before = previous.current;
    if (before === null) {
      box.scrollTop = box.scrollHeight; // first render: the newest messages
    } else {
      if (firstSeq !== null && before.first !== null && firstSeq < before.first) {
        box.scrollTop += box.scrollHeight - before.height;
      }
      if (lastKey !== before.last) {
        const lastIsMine = unsent.length > 0 || (messages.at(-1)?.memberId === you && you !== null);
        if (atBottom.current || lastIsMine) {
          box.scrollTop = box.scrollHeight;
          atBottom.current = true;
          setUnseen(0);
        } else {
          const added = Math.max(1, messages.length - before.count);
          setUnseen((count) => count + added);
        }
      }
    }
    previous.current = { first: firstSeq, last: lastKey, height: box.scrollHeight, count: messages.length };
  }, [firstSeq, lastKey, messages, unsent.length, you]);

  // The composer growing, the phone keyboard opening: stay at the bottom if we were there.
  useEffect(() => {
    const box = scroller.current;
    if (!box) return;
    const observer = new ResizeObserver(() => {
      if (atBottom.current) box.scrollTop = box.scrollHeight;
      if (previous.current) previous.current.height = box.scrollHeight;
    });
    observer.observe(box);
    return () => observer.disconnect();
  }, []);

  // Load the page before when the top comes into view (re-armed whenever the list changes, so
  // a short first page that leaves the top visible keeps loading until the view is full).
  useEffect(() => {
    const box = scroller.current;
    const top = sentinel.current;
    if (!box || !top || !hasOlder || loadingOlder || olderError !== null) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) onLoadOlder();
      },
      { root: box, rootMargin: "300px 0px 0px 0px" },
    );
    observer.observe(top);
    return () => observer.disconnect();
  }, [hasOlder, loadingOlder, olderError, onLoadOlder, firstSeq]);

  const onScroll = () => {
    const box = scroller.current;
    if (!box) return;
    atBottom.current = box.scrollHeight - box.scrollTop - box.clientHeight < BOTTOM_SLACK_PX;
    if (atBottom.current && unseen > 0) setUnseen(0);
  };

  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scroller}
        onScroll={onScroll}
        data-testid="message-scroller"
        className="h-full overflow-y-auto overscroll-contain pb-3"
        role="log"
        aria-label="Messages"
        aria-live="polite"
        aria-relevant="additions"
      >
        <div ref={sentinel} aria-hidden="true" />
        <div className="flex min-h-8 items-center justify-center py-3 text-xs text-slate-400">
          {loadingOlder ? (
            <span>Loading earlier messages…</span>
          ) : olderError !== null ? (
            <button type="button" onClick={onLoadOlder} className="font-medium text-rose-600 underline underline-offset-2">
              {olderError} Try again
            </button>
          ) : hasOlder ? (
            <button type="button" onClick={onLoadOlder} className="font-medium text-slate-500 hover:text-slate-700">
              Load earlier messages
            </button>
          ) : messages.length > 0 ? (
            <span data-testid="conversation-start">This is the start of the conversation.</span>
          ) : null}
        </div>

        {messages.length === 0 && unsent.length === 0 && (
          <div className="mx-auto mt-10 max-w-xs px-6 text-center">
            <p className="text-3xl" aria-hidden="true">
              👋
            </p>
            <p className="mt-2 font-medium text-slate-700">No messages yet</p>
            <p className="mt-1 text-sm text-slate-500">Say hello — everyone in the room will see it instantly.</p>
          </div>
        )}

        <ol className="flex flex-col" data-testid="messages">
          {messages.map((message, i) => {
            const prev = messages[i - 1];
            const newDay = hydrated && now !== null && (prev === undefined ? hasOlder === false : differentDay(prev.createdAt, message.createdAt));
            const lead =
              prev === undefined ||
              prev.memberId !== message.memberId ||
              prev.author !== message.author ||
              message.createdAt - prev.createdAt > RUN_GAP_MS ||
              newDay;
            return (
              <DayAndMessage key={message.id} day={newDay && now !== null ? dayLabel(message.createdAt, now) : null}>
                <MessageItem message={message} own={you !== null && message.memberId === you} lead={lead} you={you} handlers={handlers} />
              </DayAndMessage>
            );
          })}
          {unsent.map((item) => (
            <UnsentItem key={item.clientId} item={item} onRetry={onRetry} />
          ))}
        </ol>
      </div>

      {unseen > 0 && (
        <button
          type="button"
          onClick={() => scrollToBottom(true)}
          data-testid="new-messages"
          className="absolute bottom-3 left-1/2 inline-flex -translate-x-1/2 items-center gap-1.5 rounded-full bg-indigo-600 px-3.5 py-1.5 text-xs font-semibold text-white shadow-lg ring-1 ring-indigo-700/20 transition hover:bg-indigo-500"
        >
          <svg viewBox="0 0 20 20" fill="currentColor" className="h-3.5 w-3.5" aria-hidden="true">
            <path fillRule="evenodd" d="M10 3a.75.75 0 0 1 .75.75v10.64l3.72-3.72a.75.75 0 1 1 1.06 1.06l-5 5a.75.75 0 0 1-1.06 0l-5-5a.75.75 0 1 1 1.06-1.06l3.72 3.72V3.75A.75.75 0 0 1 10 3Z" clipRule="evenodd" />
          </svg>
          {unseen === 1 ? "1 new message" : `${unseen > 99 ? "99+" : unseen} new messages`}
        </button>
      )}
    </div>
  );
}

function DayAndMessage({ day, children }: { day: string | null; children: ReactNode }) {
  return (
    <>
      {day !== null && (
        <li role="separator" className="my-4 flex items-center gap-3 px-4 text-xs font-medium text-slate-400">
          <span className="h-px flex-1 bg-slate-200" />
          {day}
          <span className="h-px flex-1 bg-slate-200" />
        </li>
      )}
      {children}
    </>
  );
}
