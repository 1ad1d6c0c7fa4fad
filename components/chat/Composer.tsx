"use client";

// Write and send. Enter sends, Shift+Enter breaks the line (and Enter while an IME is
// composing belongs to the IME). The author name sits beside the box, remembered in this
// browser. The box grows with the draft up to a few lines.

import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { MAX_AUTHOR, MAX_TEXT } from "@/lib/chat/limits";
import { codePointLength } from "@/lib/client/chat/text";
import { RateLimitNotice } from "./RateLimitNotice";

// Start counting characters out loud this close to the limit.
const COUNTER_FROM = MAX_TEXT - 200;
const MAX_BOX_PX = 192;

interface Props {
  author: string;
  onAuthorChange: (name: string) => void;
  /** Sends the draft; returns false if it could not be queued (no name yet). */
  onSend: (text: string) => boolean;
  onDraftChange: (draft: string) => void;
  /** Until when the server refuses this visitor's writes (a 429), or null: counted down above the box. */
  blockedUntil: number | null;
  onUnblocked: () => void;
  /** A failed edit, delete or reaction worth saying out loud, or null. */
  notice: string | null;
  onDismissNotice: () => void;
}

export function Composer({ author, onAuthorChange, onSend, onDraftChange, blockedUntil, onUnblocked, notice, onDismissNotice }: Props) {
  const [draft, setDraft] = useState("");
  const [nameMissing, setNameMissing] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  const nameField = useRef<HTMLInputElement>(null);
  const hintId = useId();

  // Grow with the content (reset first so it can shrink again).
  useEffect(() => {
    const area = box.current;
    if (!area) return;
    area.style.height = "auto";
    area.style.height = `${Math.min(area.scrollHeight, MAX_BOX_PX)}px`;
  }, [draft]);

  const length = codePointLength(draft.trim());
  const tooLong = length > MAX_TEXT;
  const canSend = length > 0 && !tooLong;

  function submit() {
    if (!canSend) return;
    if (author.trim() === "") {
      setNameMissing(true);
      nameField.current?.focus();
      return;
    }
    if (onSend(draft)) {
      setDraft("");
      onDraftChange("");
    }
    box.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    submit();
  }

  return (
    <form
      aria-label="Send a message"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        submit();
      }}
      className="border-t border-slate-200 bg-white px-3 pt-2.5 pb-3 sm:px-4"
    >
      {blockedUntil !== null && <RateLimitNotice until={blockedUntil} onDone={onUnblocked} />}
      {notice !== null && (
        <p role="alert" data-testid="composer-notice" className="mb-2 flex items-center justify-between gap-2 rounded-lg bg-amber-50 px-3 py-1.5 text-xs font-medium text-amber-800 ring-1 ring-amber-200 ring-inset">
          {notice}
          <button type="button" onClick={onDismissNotice} aria-label="Dismiss" className="rounded px-1 text-amber-900 hover:bg-amber-100">
            ×
          </button>
        </p>
      )}
      <div className="mb-2 flex items-center gap-2 text-xs text-slate-500">
        <label htmlFor={`${hintId}-name`} className="shrink-0">
          Posting as
        </label>
        <input
          ref={nameField}
          id={`${hintId}-name`}
          data-testid="author-input"
          value={author}
          onChange={(event) => {
            onAuthorChange(event.target.value);
            setNameMissing(false);
          }}
          placeholder="Your name"
          maxLength={MAX_AUTHOR}
          autoComplete="nickname"
          aria-invalid={nameMissing}
          className="w-40 min-w-0 rounded-md border border-transparent bg-slate-100 px-2 py-1 text-xs font-semibold text-slate-800 outline-none transition placeholder:font-normal placeholder:text-slate-400 hover:bg-slate-200/70 focus:border-indigo-400 focus:bg-white focus:ring-2 focus:ring-indigo-500/20 aria-[invalid=true]:border-rose-400 aria-[invalid=true]:bg-rose-50"
        />
        {nameMissing && <span className="text-rose-600">Add your name to send.</span>}
      </div>
      <div className="flex items-end gap-2 rounded-2xl border border-slate-300 bg-white py-1.5 pr-1.5 pl-3.5 shadow-xs transition focus-within:border-indigo-400 focus-within:ring-2 focus-within:ring-indigo-500/20">
        <textarea
          ref={box}
          data-testid="composer-input"
          value={draft}
          onChange={(event) => {
            setDraft(event.target.value);
            onDraftChange(event.target.value);
          }}
          onKeyDown={onKeyDown}
          rows={1}
          placeholder="Write a message…"
          aria-label="Message"
          aria-describedby={hintId}
          aria-invalid={tooLong}
          className="max-h-48 min-h-9 flex-1 resize-none bg-transparent py-1.5 text-[0.9375rem] leading-relaxed text-slate-900 outline-none placeholder:text-slate-400"
        />
        <button
          type="submit"
          disabled={!canSend}
          aria-label="Send"
          className="inline-flex h-9 w-9 shrink-0 items-center justify-center rounded-xl bg-indigo-600 text-white shadow-sm transition hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:bg-slate-200 disabled:text-slate-400 disabled:shadow-none"
        >
          <svg viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4" aria-hidden="true">
            <path d="M3.105 2.288a.75.75 0 0 0-.826.95l1.414 4.926A1.5 1.5 0 0 0 5.135 9.25h6.115a.75.75 0 0 1 0 1.5H5.135a1.5 1.5 0 0 0-1.442 1.086l-1.414 4.926a.75.75 0 0 0 .826.95 28.897 28.897 0 0 0 15.293-7.155.75.75 0 0 0 0-1.114A28.897 28.897 0 0 0 3.105 2.288Z" />
          </svg>
        </button>
      </div>
      <p id={hintId} className="mt-1.5 flex justify-between gap-3 px-1 text-[0.6875rem] text-slate-400">
        <span className="hidden sm:inline">
          <kbd className="font-sans font-semibold">Enter</kbd> to send · <kbd className="font-sans font-semibold">Shift + Enter</kbd> for a new line
        </span>
        {length >= COUNTER_FROM && (
          <span data-testid="char-count" className={`ml-auto tabular-nums ${tooLong ? "font-semibold text-rose-600" : ""}`}>
            {length.toLocaleString("en-US")} / {MAX_TEXT.toLocaleString("en-US")}
          </span>
        )}
      </p>
    </form>
  );
}
