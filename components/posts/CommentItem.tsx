"use client";

import { useState, type ReactNode } from "react";
import { Avatar } from "@/components/ui/Avatar";
import { RelativeTime } from "@/components/ui/RelativeTime";
import { formatDate } from "./format";
import styles from "./posts.module.css";

interface Props {
  id?: string;
  author: string;
  text: string;
  createdAt: string;
  /** Deleted by its author; shown (as such) only while replies to it remain. */
  deleted?: boolean;
  /** A reply: indented under its parent. */
  isReply?: boolean;
  /** Arrived after the page was shown: highlighted for a moment. */
  fresh?: boolean;
  /** Still on its way to the server. */
  sending?: boolean;
  /** Offered on top-level comments: opens the reply form. */
  onReply?: () => void;
  /** Offered on the visitor's own comments; resolves to null when done, else the reason. */
  onDelete?: () => Promise<string | null>;
  /** Replies and the reply form, under the comment. */
  children?: ReactNode;
}

const ACTION = "rounded-md px-2 py-1 text-xs font-semibold text-slate-600 transition hover:bg-slate-100 hover:text-slate-900";

/** One comment. The text is rendered as text (React escapes it); newlines are kept. */
export function CommentItem(props: Props) {
  const { author, text, createdAt, deleted = false, isReply = false, fresh = false, sending = false, onReply, onDelete, children } = props;
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function remove(): Promise<void> {
    if (!onDelete) return;
    setDeleting(true);
    setProblem(null);
    const failure = await onDelete();
    setDeleting(false);
    setConfirming(false);
    setProblem(failure);
  }

  return (
    <li
      data-testid={isReply ? "reply" : "comment"}
      data-comment-id={props.id}
      data-sending={sending || undefined}
      data-deleted={deleted || undefined}
      className={`rounded-xl px-3 py-3 sm:px-4 ${fresh ? styles.fresh : ""} ${sending || deleting ? "opacity-60" : ""}`}
    >
      <div className="flex gap-3">
        {deleted ? (
          <span aria-hidden="true" className="h-8 w-8 shrink-0 rounded-full border border-dashed border-slate-300" />
        ) : (
          <Avatar name={author} letters={1} size="sm" />
        )}
        <div className="min-w-0 flex-1">
          {deleted ? (
            <p data-testid="comment-text" className="pt-1.5 text-sm text-slate-500 italic">
              This comment was deleted.
            </p>
          ) : (
            <>
              <p className="flex flex-wrap items-baseline gap-x-2 text-sm">
                <span data-testid="comment-author" className="font-semibold text-slate-900 [overflow-wrap:anywhere]">
                  {author}
                </span>
                {sending ? (
                  <span className="text-xs text-slate-500">Sending…</span>
                ) : (
                  <RelativeTime
                    at={createdAt}
                    className="text-xs text-slate-500"
                    placeholder={formatDate(createdAt)}
                    title={new Date(createdAt).toUTCString()}
                    justNowMs={45_000}
                    date={(at) => formatDate(new Date(at).toISOString())}
                  />
                )}
              </p>
              <p data-testid="comment-text" className="mt-1 whitespace-pre-wrap text-[0.95rem] leading-6 text-slate-700 [overflow-wrap:anywhere]">
                {text}
              </p>
              {(onReply || onDelete) && !sending && (
                <div className="-ml-2 mt-1 flex flex-wrap items-center gap-1">
                  {onReply && (
                    <button type="button" onClick={onReply} data-testid="reply-button" className={ACTION}>
                      Reply
                    </button>
                  )}
                  {onDelete &&
                    (confirming ? (
                      <span className="inline-flex items-center gap-1 text-xs text-slate-600">
                        Delete for everyone?
                        <button
                          type="button"
                          onClick={() => void remove()}
                          disabled={deleting}
                          data-testid="confirm-delete"
                          className="rounded-md px-2 py-1 text-xs font-semibold text-rose-700 transition hover:bg-rose-50"
                        >
                          {deleting ? "Deleting…" : "Delete"}
                        </button>
                        <button type="button" onClick={() => setConfirming(false)} className={ACTION}>
                          Keep
                        </button>
                      </span>
                    ) : (
                      <button type="button" onClick={() => setConfirming(true)} data-testid="delete-button" className={ACTION}>
                        Delete
                      </button>
                    ))}
                </div>
              )}
              {problem !== null && (
                <p role="alert" className="mt-1 text-sm text-rose-700">
                  {problem}
                </p>
              )}
            </>
          )}
        </div>
      </div>
      {children}
    </li>
  );
}
