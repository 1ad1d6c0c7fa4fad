"use client";

// The comment form. The name is remembered in localStorage (it is not secret, and typing it
// for every comment is a chore). Sending is optimistic: the box clears at once, and the text
// comes back with the server's reason if the comment is refused.

import { useEffect, useId, useState, type FormEvent, type KeyboardEvent } from "react";
import { AUTHOR_MAX_CHARS, charCount, TEXT_MAX_CHARS } from "@/lib/posts/limits";
import { SendIcon } from "@/components/icons";
import { formatCount } from "@/components/ui/numbers";

const AUTHOR_STORAGE_KEY = "livekv.posts.author";

interface Props {
  /** Sends the comment; resolves to null when stored, else the message to show. */
  onSend: (author: string, text: string) => Promise<string | null>;
}

function readStoredAuthor(): string {
  try {
    return window.localStorage.getItem(AUTHOR_STORAGE_KEY) ?? "";
  } catch {
    return ""; // storage disabled (private mode, policy): just not remembered
  }
}

function storeAuthor(author: string): void {
  try {
    window.localStorage.setItem(AUTHOR_STORAGE_KEY, author);
  } catch {
    // as above
  }
}

export function CommentForm({ onSend }: Props) {
  const id = useId();
  const [author, setAuthor] = useState("");
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // After mount: the server render has no localStorage, and both renders must match.
  // eslint-disable-next-line react-hooks/set-state-in-effect -- one render after mount, as hydration requires
  useEffect(() => setAuthor(readStoredAuthor()), []);

  const textLength = charCount(text.trim());
  const authorLength = charCount(author.trim());
  const tooLong = textLength > TEXT_MAX_CHARS;
  const canSend = !busy && textLength > 0 && !tooLong && authorLength > 0 && authorLength <= AUTHOR_MAX_CHARS;

  async function send(): Promise<void> {
    if (!canSend) return;
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
      data-testid="comment-form"
      className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5"
    >
      <h3 className="text-base font-semibold text-slate-900">Join the discussion</h3>
      <div className="mt-3 grid gap-3">
        <div>
          <label htmlFor={`${id}-author`} className="block text-sm font-medium text-slate-700">
            Name
          </label>
          <input
            id={`${id}-author`}
            name="author"
            value={author}
            onChange={(event) => setAuthor(event.target.value)}
            autoComplete="nickname"
            placeholder="How others will see you"
            className="mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 placeholder:text-slate-400 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20 focus:outline-none sm:max-w-xs sm:text-sm"
          />
          {authorLength > AUTHOR_MAX_CHARS && (
            <p className="mt-1 text-xs text-rose-700">At most {AUTHOR_MAX_CHARS} characters.</p>
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
            rows={3}
            placeholder="Say something nice — it shows up for everyone reading, live."
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
        <button
          type="submit"
          disabled={!canSend}
          className="inline-flex h-10 items-center gap-2 rounded-full bg-rose-600 px-5 text-sm font-semibold text-white shadow-sm transition hover:bg-rose-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-rose-600 disabled:cursor-not-allowed disabled:bg-slate-300"
        >
          <SendIcon className="h-4 w-4" />
          Post comment
        </button>
      </div>
      {error !== null && (
        <p role="alert" data-testid="comment-error" className="mt-3 rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {error}
        </p>
      )}
    </form>
  );
}
