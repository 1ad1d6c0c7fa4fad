"use client";

// Everything live under a post: the like button, the comment count, the comments and the
// form. One stream feeds it all (usePostLive); the visitor's own comments show at once and
// are merged with the stream's copies by id.

import { useState } from "react";
import { SubmissionKeys } from "@/lib/idempotency/submission-key";
import type { Comment } from "@/lib/posts/types";
import { CommentIcon } from "@/components/icons";
import { ApiError, apiFetch } from "@/lib/client/api";
import { CommentForm } from "./CommentForm";
import { CommentItem } from "./CommentItem";
import { LikeButton } from "./LikeButton";
import { LiveCount } from "./LiveCount";
import { mergeComments, usePostLive, type PostLiveState } from "@/lib/client/hooks/usePostLive";

interface Props {
  postId: string;
  /** The page's comment cursor: the stream starts after the comments the page shows. */
  cursor: string;
  initial: PostLiveState;
  initiallyLiked: boolean;
  /** Older comments exist than the ones shown. */
  moreComments: boolean;
}

interface Sending {
  key: number;
  author: string;
  text: string;
  at: string;
}

export function PostInteractions({ postId, cursor, initial, initiallyLiked, moreComments }: Props) {
  const { data } = usePostLive(postId, cursor, initial);
  const live = data ?? initial;
  const [mine, setMine] = useState<Comment[]>([]);
  const [sending, setSending] = useState<Sending[]>([]);
  // What the page showed first is not news; anything after it is highlighted as it arrives.
  const [shownAtFirst] = useState(() => new Set(initial.comments.map((comment) => comment.id)));
  // Sending the same comment again after a failure reuses its clientId: posted at most once.
  const [keys] = useState(() => new SubmissionKeys());

  const comments = mergeComments(live.comments, mine);
  const streamed = new Set(live.comments.map((comment) => comment.id));
  const commentCount = live.counts.comments + sending.length + mine.filter((comment) => !streamed.has(comment.id)).length;

  async function send(author: string, text: string): Promise<string | null> {
    const pending: Sending = { key: Date.now() + Math.random(), author, text: text.trim(), at: new Date().toISOString() };
    setSending((list) => [...list, pending]);
    const clientId = keys.clientIdFor(JSON.stringify({ author, text }));
    try {
      const { comment } = await apiFetch<{ comment: Comment }>(`/api/posts/${encodeURIComponent(postId)}/comments`, {
        method: "POST",
        body: JSON.stringify({ author, text, clientId }),
      });
      keys.succeeded();
      setMine((list) => [...list, comment]);
      return null;
    } catch (error) {
      if (error instanceof ApiError && error.status !== 0) return error.messageOr("Your comment was not posted.");
      return "The server could not be reached; your comment was not posted.";
    } finally {
      setSending((list) => list.filter((item) => item !== pending));
    }
  }

  return (
    <>
      <div className="mt-10 flex flex-wrap items-center gap-3 border-y border-slate-200 py-4">
        <LikeButton postId={postId} live={live.counts} initiallyLiked={initiallyLiked} />
        <a
          href="#comments"
          className="inline-flex h-11 items-center gap-2 rounded-full px-3 text-sm font-medium text-slate-600 transition hover:bg-slate-100 hover:text-slate-900"
        >
          <CommentIcon className="h-5 w-5 text-slate-400" />
          <LiveCount value={commentCount} testId="comment-count" />
          <span>{commentCount === 1 ? "comment" : "comments"}</span>
        </a>
      </div>

      <section id="comments" aria-labelledby="comments-title" className="mt-10 scroll-mt-20">
        <h2 id="comments-title" className="text-xl font-semibold tracking-tight text-slate-900">
          Comments
        </h2>
        {moreComments && (
          <p className="mt-1 text-sm text-slate-500">Showing the latest {initial.comments.length} comments.</p>
        )}
        {comments.length === 0 && sending.length === 0 ? (
          <p className="mt-4 rounded-xl border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-500">
            No comments yet. Be the first — everyone reading will see it appear.
          </p>
        ) : (
          <ol aria-live="polite" aria-relevant="additions" data-testid="comment-list" className="mt-4 -mx-3 space-y-1 sm:-mx-4">
            {comments.map((comment) => (
              <CommentItem
                key={comment.id}
                author={comment.author}
                text={comment.text}
                createdAt={comment.createdAt}
                fresh={!shownAtFirst.has(comment.id)}
              />
            ))}
            {sending.map((item) => (
              <CommentItem key={`sending-${item.key}`} author={item.author} text={item.text} createdAt={item.at} sending />
            ))}
          </ol>
        )}
        <div className="mt-6">
          <CommentForm onSend={send} />
        </div>
      </section>
    </>
  );
}
