"use client";

// Writing a post, on the list page: name, title and a body in a small Markdown subset, with a
// preview rendered exactly as the post page will. The post shows at the top of the list for
// everyone as soon as the server has it. A resend after a failure reuses its clientId, so a
// lost answer never makes two posts.

import Link from "next/link";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { SubmissionKeys } from "@/lib/idempotency/submission-key";
import { AUTHOR_MAX_CHARS, charCount, POST_BODY_MAX_CHARS, TITLE_MAX_CHARS } from "@/lib/posts/limits";
import type { PostRecord } from "@/lib/posts/types";
import { ApiError, apiFetch } from "@/lib/client/api";
import { formatCount } from "@/components/ui/numbers";
import { readStoredAuthor, storeAuthor } from "./author-name";
import { Markdown } from "./Markdown";

type Field = "author" | "title" | "body";

const MISSING: Record<Field, string> = {
  author: "Add your name to publish: it shows on the post.",
  title: "Give the post a title.",
  body: "Write something first.",
};

const INPUT =
  "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 placeholder:text-slate-500 focus:border-rose-400 focus:ring-2 focus:ring-rose-100 focus:outline-none aria-[invalid=true]:border-rose-400 sm:text-sm";

export function NewPostForm({ onCreated }: { onCreated: (post: PostRecord) => void }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [author, setAuthor] = useState("");
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [preview, setPreview] = useState(false);
  const [missing, setMissing] = useState<Field | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [published, setPublished] = useState<PostRecord | null>(null);
  const [keys] = useState(() => new SubmissionKeys());
  const authorField = useRef<HTMLInputElement>(null);
  const titleField = useRef<HTMLInputElement>(null);
  const bodyField = useRef<HTMLTextAreaElement>(null);

  // After mount: the server render has no localStorage, and both renders must match.
  // eslint-disable-next-line react-hooks/set-state-in-effect -- one render after mount, as hydration requires
  useEffect(() => setAuthor(readStoredAuthor()), []);

  const lengths = { author: charCount(author.trim()), title: charCount(title.trim()), body: charCount(body.trim()) };
  const tooLong = lengths.author > AUTHOR_MAX_CHARS || lengths.title > TITLE_MAX_CHARS || lengths.body > POST_BODY_MAX_CHARS;

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (busy || tooLong) return;
    const empty = (["author", "title", "body"] as const).find((field) => lengths[field] === 0);
    if (empty !== undefined) {
      setMissing(empty);
      setPreview(false);
      const field = { author: authorField, title: titleField, body: bodyField }[empty];
      // After the render that brings the body's box back from the preview.
      requestAnimationFrame(() => field.current?.focus());
      return;
    }
    const request = { author: author.trim(), title, body };
    storeAuthor(request.author);
    setBusy(true);
    setError(null);
    try {
      const { post } = await apiFetch<{ post: PostRecord }>("/api/posts", {
        method: "POST",
        body: JSON.stringify({ ...request, clientId: keys.clientIdFor(JSON.stringify(request)) }),
      });
      keys.succeeded();
      onCreated(post);
      setPublished(post);
      setTitle("");
      setBody("");
      setPreview(false);
      setOpen(false);
    } catch (error) {
      setError(
        error instanceof ApiError && error.status !== 0
          ? error.messageOr("Your post was not published.")
          : "The server could not be reached; your post was not published.",
      );
    } finally {
      setBusy(false);
    }
  }

  const onEdit = (field: Field, set: (value: string) => void) => (value: string) => {
    set(value);
    if (missing === field) setMissing(null);
  };

  const alert = (field: Field) =>
    missing === field && (
      <p id={`${id}-${field}-missing`} role="alert" data-testid={`${field}-missing`} className="mt-1 text-sm font-medium text-rose-700">
        {MISSING[field]}
      </p>
    );

  if (!open) {
    return (
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="button"
          onClick={() => {
            setOpen(true);
            setPublished(null);
          }}
          data-testid="write-post"
          className="inline-flex h-11 items-center rounded-full bg-rose-600 px-5 text-sm font-semibold text-white shadow-sm transition hover:bg-rose-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-rose-600"
        >
          Write a post
        </button>
        {published && (
          <p role="status" data-testid="post-published" className="text-sm text-slate-700">
            Published — everyone on this page sees it now.{" "}
            <Link href={`/posts/${published.id}`} className="font-semibold text-rose-700 underline underline-offset-2">
              Open your post
            </Link>
          </p>
        )}
      </div>
    );
  }

  return (
    <form onSubmit={(event) => void submit(event)} data-testid="post-form" className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
      <h2 className="text-lg font-semibold text-slate-900">Write a post</h2>
      <div className="mt-4 grid gap-4">
        <div>
          <label htmlFor={`${id}-author`} className="block text-sm font-medium text-slate-700">
            Your name
          </label>
          <input
            ref={authorField}
            id={`${id}-author`}
            value={author}
            onChange={(event) => onEdit("author", setAuthor)(event.target.value)}
            autoComplete="nickname"
            aria-invalid={missing === "author" || lengths.author > AUTHOR_MAX_CHARS || undefined}
            aria-describedby={missing === "author" ? `${id}-author-missing` : undefined}
            className={`${INPUT} sm:max-w-xs`}
          />
          {alert("author")}
          {lengths.author > AUTHOR_MAX_CHARS && <p className="mt-1 text-xs text-rose-700">At most {AUTHOR_MAX_CHARS} characters.</p>}
        </div>
        <div>
          <label htmlFor={`${id}-title`} className="block text-sm font-medium text-slate-700">
            Title
          </label>
          <input
            ref={titleField}
            id={`${id}-title`}
            value={title}
            onChange={(event) => onEdit("title", setTitle)(event.target.value)}
            aria-invalid={missing === "title" || lengths.title > TITLE_MAX_CHARS || undefined}
            aria-describedby={missing === "title" ? `${id}-title-missing` : undefined}
            className={INPUT}
          />
          {alert("title")}
          {lengths.title > TITLE_MAX_CHARS && <p className="mt-1 text-xs text-rose-700">At most {TITLE_MAX_CHARS} characters.</p>}
        </div>
        <div>
          <div className="flex items-end justify-between gap-3">
            <label htmlFor={`${id}-body`} className="block text-sm font-medium text-slate-700">
              Post
            </label>
            <button
              type="button"
              onClick={() => setPreview((shown) => !shown)}
              aria-pressed={preview}
              data-testid="preview-toggle"
              className="rounded-md px-2 py-1 text-xs font-semibold text-slate-600 transition hover:bg-slate-100 hover:text-slate-900"
            >
              {preview ? "Edit" : "Preview"}
            </button>
          </div>
          {preview ? (
            <div data-testid="post-preview" className="mt-1 min-h-32 rounded-lg border border-slate-200 bg-slate-50 px-4 py-3 text-[0.95rem] leading-7 text-slate-700">
              {lengths.body === 0 ? <p className="text-slate-500">Nothing to preview yet.</p> : <Markdown source={body} />}
            </div>
          ) : (
            <textarea
              ref={bodyField}
              id={`${id}-body`}
              value={body}
              onChange={(event) => onEdit("body", setBody)(event.target.value)}
              rows={8}
              aria-invalid={missing === "body" || lengths.body > POST_BODY_MAX_CHARS || undefined}
              aria-describedby={`${id}-body-hint${missing === "body" ? ` ${id}-body-missing` : ""}`}
              className={`${INPUT} resize-y leading-6`}
            />
          )}
          {alert("body")}
          <p id={`${id}-body-hint`} className="mt-1 flex flex-wrap justify-between gap-x-3 text-xs text-slate-600">
            <span>
              Markdown: **bold**, *italic*, `code`, [link](https://…), - lists, &gt; quotes, # headings
            </span>
            <span className={`tabular-nums ${lengths.body > POST_BODY_MAX_CHARS ? "font-semibold text-rose-700" : ""}`}>
              {formatCount(lengths.body)} / {formatCount(POST_BODY_MAX_CHARS)}
            </span>
          </p>
        </div>
      </div>
      {error !== null && (
        <p role="alert" data-testid="post-error" className="mt-4 rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {error}
        </p>
      )}
      <div className="mt-5 flex flex-wrap justify-end gap-2">
        <button
          type="button"
          onClick={() => setOpen(false)}
          className="inline-flex h-10 items-center rounded-full px-4 text-sm font-medium text-slate-600 transition hover:bg-slate-100 hover:text-slate-900"
        >
          Cancel
        </button>
        <button
          type="submit"
          disabled={busy || tooLong}
          className="inline-flex h-10 items-center rounded-full bg-rose-600 px-5 text-sm font-semibold text-white shadow-sm transition hover:bg-rose-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-rose-600 disabled:cursor-not-allowed disabled:bg-slate-300"
        >
          {busy ? "Publishing…" : "Publish"}
        </button>
      </div>
    </form>
  );
}
