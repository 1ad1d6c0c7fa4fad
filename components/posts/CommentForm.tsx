"use client";

// The comment form, and the reply form under a comment. The name is remembered in
// localStorage (it is not secret, and typing it for every comment is a chore). Sending is
// optimistic: the box clears at once, and the text comes back with the server's reason if
// the comment is refused. Sending without a name says so and points at the name field.

import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { AUTHOR_MAX_CHARS, charCount, TEXT_MAX_CHARS } from "@/lib/posts/limits";
import { SendIcon } from "@/components/icons";
import { formatCount } from "@/components/ui/numbers";
import { readStoredAuthor, storeAuthor } from "./author-name";

interface Props {
  /** Sends the comment; resolves to null when stored, else the message to show. */
  onSend: (author: string, text: string) => Promise<string | null>;
  /** A reply form: smaller, titled after whom it answers, with a way to close it. */
  reply?: { to: string; onCancel: () => void };
}

export function CommentForm({ onSend, reply }: Props) {
  const id = useId();
  const [author, setAuthor] = useState("");
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [nameMissing, setNameMissing] = useState(false);
  const nameField = useRef<HTMLInputElement>(null);

  // After mount: the server render has no localStorage, and both renders must match.
  // eslint-disable-next-line react-hooks/set-state-in-effect -- one render after mount, as hydration requires
  useEffect(() => setAuthor(readStoredAuthor()), []);

  const textLength = charCount(text.trim());
  const authorLength = charCount(author.trim());
  const tooLong = textLength > TEXT_MAX_CHARS;
  // Without a name the button still works: it says what is missing (a greyed-out button
  // does not say why).
  const canSend = !busy && textLength > 0 && !tooLong && authorLength <= AUTHOR_MAX_CHARS;

  async function send(): Promise<void> {
    if (!canSend) return;
    if (authorLength === 0) {
      setNameMissing(true);
      nameField.current?.focus();
      return;
    }
    const sentText = text;
    const sentAuthor = author.trim();
    storeAuthor(sentAuthor);
    setBusy(true);
    setError(null);
    setText("");
    const failure = await onSend(sentAuthor, sentText);
    setBusy(false);
    if (failure !== null) {
      setError(failure);
      // Put the words back unless the visitor has started a new comment meanwhile.
      setText((current) => (current === "" ? sentText : current));
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void send();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): void {
    if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      void send();
    }
  }

  return (
    <form
      onSubmit={onSubmit}
      data-testid={reply ? "reply-form" : "comment-form"}
      className={reply ? "mt-2 rounded-xl border border-slate-200 bg-slate-50 p-3" : "rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5"}
    >
      <h3 className={reply ? "text-sm font-semibold text-slate-800 [overflow-wrap:anywhere]" : "text-base font-semibold text-slate-900"}>
        {reply ? `Reply to ${reply.to}` : "Join the discussion"}
      </h3>
      <div className="mt-3 grid gap-3">
        <div>
          <label htmlFor={`${id}-author`} className="block text-sm font-medium text-slate-700">
            Name
          </label>
          <input
            ref={nameField}
            id={`${id}-author`}
            name="author"
            value={author}
            onChange={(event) => {
              setAuthor(event.target.value);
              setNameMissing(false);
            }}
            aria-invalid={nameMissing || undefined}
            aria-describedby={nameMissing ? `${id}-name-missing` : undefined}
            autoComplete="nickname"
            placeholder="How others will see you"
            className="mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 placeholder:text-slate-400 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20 focus:outline-none sm:max-w-xs sm:text-sm"
          />
          {authorLength > AUTHOR_MAX_CHARS && (
            <p className="mt-1 text-xs text-rose-700">At most {AUTHOR_MAX_CHARS} characters.</p>
          )}
          {nameMissing && (
            <p id={`${id}-name-missing`} role="alert" data-testid="name-missing" className="mt-1 text-sm font-medium text-rose-700">
              Add your name to send: it shows beside your comment.
            </p>
          )}
        </div>
        <div>
          <label htmlFor={`${id}-text`} className="block text-sm font-medium text-slate-700">
            Comment
          </label>
          <textarea
            id={`${id}-text`}
            name="text"
            value={text}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={onKeyDown}
            rows={reply ? 2 : 3}
            autoFocus={reply !== undefined}
            placeholder={reply ? "Your reply — everyone reading sees it, live." : "Say something nice — it shows up for everyone reading, live."}
            aria-describedby={`${id}-count`}
            className="mt-1 block w-full resize-y rounded-lg border border-slate-300 bg-white px-3 py-2 text-base leading-6 text-slate-900 placeholder:text-slate-400 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20 focus:outline-none sm:text-sm"
          />
        </div>
      </div>
      <div className="mt-3 flex flex-wrap items-center justify-between gap-3">
        <p id={`${id}-count`} className={`text-xs tabular-nums ${tooLong ? "font-medium text-rose-700" : "text-slate-400"}`}>
          {formatCount(textLength)} / {formatCount(TEXT_MAX_CHARS)}
          <span className="hidden sm:inline"> · Ctrl+Enter to send</span>
        </p>
        <div className="flex items-center gap-2">
        {reply && (
          <button
            type="button"
            onClick={reply.onCancel}
            className="inline-flex h-10 items-center rounded-full px-4 text-sm font-medium text-slate-600 transition hover:bg-slate-200 hover:text-slate-900"
          >
            Cancel
          </button>
        )}
        <button
          type="submit"
          disabled={!canSend}
          className="inline-flex h-10 items-center gap-2 rounded-full bg-rose-600 px-5 text-sm font-semibold text-white shadow-sm transition hover:bg-rose-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-rose-600 disabled:cursor-not-allowed disabled:bg-slate-300"
        >
          <SendIcon className="h-4 w-4" />
          {reply ? "Post reply" : "Post comment"}
        </button>
        </div>
      </div>
      {error !== null && (
        <p role="alert" data-testid="comment-error" className="mt-3 rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {error}
        </p>
      )}
    </form>
  );
}
