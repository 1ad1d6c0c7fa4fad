"use client";

import { clockTime, fullTime } from "@/components/ui/time";
import { useHydrated } from "@/lib/client/hooks/useNow";
import type { ChatMessage } from "@/lib/chat/types";
import type { Outgoing } from "@/lib/client/chat/outbox";
import { Avatar } from "@/components/ui/Avatar";

/** A stored message. `lead`: the first of a run by one author, so it shows who and when. */
export function MessageItem({ message, own, lead }: { message: ChatMessage; own: boolean; lead: boolean }) {
  const hydrated = useHydrated();
  return (
    <li
      data-testid="message"
      data-seq={message.seq}
      data-state="sent"
      data-own={own}
      className={`flex gap-2.5 px-4 ${lead ? "mt-3" : "mt-0.5"} ${own ? "justify-end" : ""}`}
    >
      {!own && (lead ? <Avatar colourKey={message.memberId} palette="member" name={message.author} /> : <span className="w-9 shrink-0" aria-hidden="true" />)}
      <div className={`flex min-w-0 max-w-[85%] flex-col sm:max-w-[75%] ${own ? "items-end" : "items-start"}`}>
        {lead && (
          <p className="mb-0.5 flex items-baseline gap-2 px-1 text-xs">
            {!own && (
              <bdi data-testid="message-author" className="font-semibold text-slate-800">
                {message.author}
              </bdi>
            )}
            <time dateTime={new Date(message.createdAt).toISOString()} title={hydrated ? fullTime(message.createdAt) : undefined} className="text-slate-400">
              {hydrated ? clockTime(message.createdAt) : ""}
            </time>
          </p>
        )}
        <p
          data-testid="message-text"
          className={`rounded-2xl px-3.5 py-2 text-[0.9375rem] leading-relaxed whitespace-pre-wrap [overflow-wrap:anywhere] ${
            own ? "rounded-tr-md bg-indigo-600 text-white" : "rounded-tl-md bg-slate-100 text-slate-900"
          } ${lead ? "" : own ? "rounded-tr-2xl" : "rounded-tl-2xl"}`}
        >
          {message.text}
        </p>
      </div>
    </li>
  );
}

/** One of this tab's messages that is not stored yet: sending, or failed with a retry. */
export function UnsentItem({ item, onRetry }: { item: Outgoing; onRetry: (clientId: string) => void }) {
  const failed = item.state === "failed";
  return (
    <li data-testid="message" data-state={failed ? "failed" : "pending"} data-own="true" className="mt-1 flex justify-end px-4">
      <div className="flex min-w-0 max-w-[85%] flex-col items-end sm:max-w-[75%]">
        <p
          data-testid="message-text"
          className={`rounded-2xl rounded-tr-md px-3.5 py-2 text-[0.9375rem] leading-relaxed whitespace-pre-wrap [overflow-wrap:anywhere] ${
            failed ? "border border-rose-200 bg-rose-50 text-rose-900" : "bg-indigo-600/60 text-white"
          }`}
        >
          {item.text}
        </p>
        {failed ? (
          <p role="alert" className="mt-1 flex flex-wrap items-center justify-end gap-x-2 px-1 text-xs text-rose-600">
            <span data-testid="message-error">Not sent: {item.error}</span>
            <button
              type="button"
              onClick={() => onRetry(item.clientId)}
              className="rounded font-semibold text-rose-700 underline decoration-rose-300 underline-offset-2 hover:text-rose-900"
            >
              Retry
            </button>
          </p>
        ) : (
          <p className="mt-1 px-1 text-xs text-slate-400" aria-live="polite">
            Sending…
          </p>
        )}
      </div>
    </li>
  );
}
