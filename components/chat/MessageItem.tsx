"use client";

import { useState } from "react";
import { clockTime, fullTime } from "@/components/ui/time";
import { useHydrated } from "@/lib/client/hooks/useNow";
import { REACTION_NAMES, type ReactionName } from "@/lib/chat/reactions";
import type { ChatMessage } from "@/lib/chat/types";
import type { Outgoing } from "@/lib/client/chat/outbox";
import { Avatar } from "@/components/ui/Avatar";
import { MessageActions } from "./MessageActions";
import { MessageText } from "./MessageText";
import { Reactions } from "./Reactions";

/** What a stored message's menu does; each answers with an error to show, or null. */
export interface MessageHandlers {
  react: (message: ChatMessage, name: ReactionName, on: boolean) => void;
  edit: (message: ChatMessage, text: string) => Promise<string | null>;
  remove: (message: ChatMessage) => void;
}

interface Props {
  message: ChatMessage;
  own: boolean;
  /** The first of a run by one author, so it shows who and when. */
  lead: boolean;
  you: string | null;
  handlers: MessageHandlers;
}

/** A stored message: its text (links clickable), "edited", its reactions and its menu. */
export function MessageItem({ message, own, lead, you, handlers }: Props) {
  const hydrated = useHydrated();
  const [editing, setEditing] = useState(false);
  const mine = new Set(REACTION_NAMES.filter((name) => you !== null && message.reactions?.[name]?.includes(you)));
  const bubble = `rounded-2xl px-3.5 py-2 text-[0.9375rem] leading-relaxed whitespace-pre-wrap [overflow-wrap:anywhere] ${
    own ? "rounded-tr-md bg-indigo-600 text-white" : "rounded-tl-md bg-slate-100 text-slate-900"
  } ${lead ? "" : own ? "rounded-tr-2xl" : "rounded-tl-2xl"}`;
  const deleted = message.deleted === true;
  return (
    <li
      data-testid="message"
      data-seq={message.seq}
      data-state={deleted ? "deleted" : "sent"}
      data-own={own}
      className={`group flex gap-2.5 px-4 ${lead ? "mt-3" : "mt-0.5"} ${own ? "justify-end" : ""}`}
    >
      {!own && (lead ? <Avatar colourKey={message.memberId} palette="member" name={message.author} /> : <span className="w-9 shrink-0" aria-hidden="true" />)}
      {own && !deleted && !editing && (
        <MessageActions own mine={mine} onReact={(name, on) => handlers.react(message, name, on)} onEdit={() => setEditing(true)} onDelete={() => handlers.remove(message)} />
      )}
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
        {deleted ? (
          <p data-testid="message-text" className="rounded-2xl border border-dashed border-slate-300 px-3.5 py-2 text-sm text-slate-500 italic">
            Message deleted
          </p>
        ) : editing ? (
          <EditBox
            initial={message.text}
            onCancel={() => setEditing(false)}
            onSave={async (text) => {
              const error = await handlers.edit(message, text);
              if (error === null) setEditing(false);
              return error;
            }}
          />
        ) : (
          <p data-testid="message-text" className={bubble}>
            <MessageText text={message.text} own={own} />
          </p>
        )}
        {message.editedAt !== undefined && !deleted && !editing && (
          <span data-testid="message-edited" className="px-1 text-[0.6875rem] text-slate-500" title={hydrated ? `Edited ${fullTime(message.editedAt)}` : undefined}>
            edited
          </span>
        )}
        {!deleted && <Reactions message={message} you={you} onReact={(name, on) => handlers.react(message, name, on)} />}
      </div>
      {!own && !deleted && you !== null && (
        <MessageActions own={false} mine={mine} onReact={(name, on) => handlers.react(message, name, on)} onEdit={() => {}} onDelete={() => {}} />
      )}
    </li>
  );
}

function EditBox({ initial, onSave, onCancel }: { initial: string; onSave: (text: string) => Promise<string | null>; onCancel: () => void }) {
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    if (saving) return;
    setSaving(true);
    setError(await onSave(text));
    setSaving(false);
  };
  return (
    <form
      className="flex w-72 max-w-full flex-col items-end gap-1"
      aria-label="Edit message"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <textarea
        data-testid="edit-input"
        aria-label="Message text"
        autoFocus
        value={text}
        rows={Math.min(6, text.split("\n").length + 1)}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") onCancel();
          if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            void save();
          }
        }}
        className="w-full resize-none rounded-xl border border-indigo-300 bg-white px-3 py-2 text-[0.9375rem] text-slate-900 outline-none focus:ring-2 focus:ring-indigo-500/20"
      />
      {error !== null && (
        <p role="alert" className="text-xs text-rose-700">
          {error}
        </p>
      )}
      <div className="flex gap-2 text-xs">
        <button type="button" onClick={onCancel} className="rounded-md px-2 py-1 font-medium text-slate-600 hover:bg-slate-100">
          Cancel
        </button>
        <button type="submit" data-testid="save-edit" disabled={saving} className="rounded-md bg-indigo-600 px-2.5 py-1 font-semibold text-white hover:bg-indigo-500 disabled:opacity-60">
          Save
        </button>
      </div>
    </form>
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
