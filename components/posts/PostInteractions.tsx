"use client";

// Everything live under a post: the like button, the comment count, the comments with their
// replies, and the forms. One stream feeds it all (usePostLive); the visitor's own comments,
// replies and deletes show at once and are merged with the stream's copies by id.

import { useState } from "react";
import { SubmissionKeys } from "@/lib/idempotency/submission-key";
import type { Comment } from "@/lib/posts/types";
import { CommentIcon } from "@/components/icons";
import { ApiError, apiFetch } from "@/lib/client/api";
import { CommentForm } from "./CommentForm";
import { CommentItem } from "./CommentItem";
import { threadsOf } from "./comment-thread";
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
  /** The visitor's public author id (lib/posts/author-id), null before they have a cookie. */
  viewerAuthorId: string | null;
}

interface Sending {
  key: number;
  author: string;
  text: string;
  at: string;
  parentId: string | null;
}

/** A comment on its way, shown at once. Called from event handlers only: it reads the clock. */
function newSending(author: string, text: string, parentId: string | null): Sending {
  return { key: Date.now() + Math.random(), author, text: text.trim(), at: new Date().toISOString(), parentId };
}

export function PostInteractions({ postId, cursor, initial, initiallyLiked, moreComments, viewerAuthorId }: Props) {
  const { data } = usePostLive(postId, cursor, initial);
  const live = data ?? initial;
  const [mine, setMine] = useState<Comment[]>([]);
  const [sending, setSending] = useState<Sending[]>([]);
  // What the page showed first is not news; anything after it is highlighted as it arrives.
  const [shownAtFirst] = useState(() => new Set(initial.comments.map((comment) => comment.id)));
  // Sending the same comment again after a failure reuses its clientId: posted at most once.
  const [keys] = useState(() => new SubmissionKeys());
  // A new visitor learns its author id from its first comment's answer.
  const [me, setMe] = useState(viewerAuthorId);
  const [replyingTo, setReplyingTo] = useState<string | null>(null);

  const comments = mergeComments(live.comments, mine);
  const threads = threadsOf(comments);
  const streamed = new Set(live.comments.map((comment) => comment.id));
  // The stream's count, plus the visitor's own comments it has not brought yet.
  const commentCount = live.counts.comments + sending.length + comments.filter((c) => !streamed.has(c.id) && !c.deleted).length;

  async function send(author: string, text: string, parentId: string | null = null): Promise<string | null> {
    const pending = newSending(author, text, parentId);
    setSending((list) => [...list, pending]);
    const clientId = keys.clientIdFor(JSON.stringify({ author, text, parentId }));
    try {
      const { comment } = await apiFetch<{ comment: Comment }>(`/api/posts/${encodeURIComponent(postId)}/comments`, {
        method: "POST",
        body: JSON.stringify({ author, text, clientId, ...(parentId === null ? {} : { parentId }) }),
      });
      keys.succeeded();
      setMine((list) => [...list, comment]);
      if (comment.authorId !== undefined) setMe(comment.authorId);
      if (parentId !== null) setReplyingTo(null);
      return null;
    } catch (error) {
      if (error instanceof ApiError && error.status !== 0) return error.messageOr("Your comment was not posted.");
      return "The server could not be reached; your comment was not posted.";
    } finally {
      setSending((list) => list.filter((item) => item !== pending));
    }
  }

  async function remove(comment: Comment): Promise<string | null> {
    try {
      await apiFetch(`/api/posts/${encodeURIComponent(postId)}/comments/${encodeURIComponent(comment.id)}`, { method: "DELETE" });
    } catch (error) {
      // Not found: deleted already (a second tab, a retry): what the visitor wanted.
      if (!(error instanceof ApiError) || error.status !== 404) {
        if (error instanceof ApiError && error.status !== 0) return error.messageOr("The comment was not deleted.");
        return "The server could not be reached; the comment was not deleted.";
      }
    }
    setMine((list) => [...list, { ...comment, author: "", text: "", deleted: true }]);
    return null;
  }

  const renderSending = (item: Sending, isReply: boolean) => (
    <CommentItem key={`sending-${item.key}`} author={item.author} text={item.text} createdAt={item.at} isReply={isReply} sending />
  );

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
        {threads.length === 0 && sending.length === 0 ? (
          <p className="mt-4 rounded-xl border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-500">
            No comments yet. Be the first — everyone reading will see it appear.
          </p>
        ) : (
          <ol aria-live="polite" aria-relevant="additions" data-testid="comment-list" className="mt-4 -mx-3 space-y-1 sm:-mx-4">
            {threads.map(({ comment, replies }) => {
              const pendingReplies = sending.filter((item) => item.parentId === comment.id);
              return (
                <CommentItem
                  key={comment.id}
                  id={comment.id}
                  author={comment.author}
                  text={comment.text}
                  createdAt={comment.createdAt}
                  deleted={comment.deleted}
                  fresh={!shownAtFirst.has(comment.id)}
                  onReply={comment.parentId === undefined ? () => setReplyingTo(comment.id) : undefined}
                  onDelete={me !== null && comment.authorId === me ? () => remove(comment) : undefined}
                >
                  {(replies.length > 0 || pendingReplies.length > 0 || replyingTo === comment.id) && (
                    <div className="mt-1 ml-5 border-l-2 border-slate-100 pl-3 sm:ml-11">
                      {(replies.length > 0 || pendingReplies.length > 0) && (
                        <ol aria-label={`Replies to ${comment.deleted ? "a deleted comment" : comment.author}`} className="space-y-1">
                          {replies.map((reply) => (
                            <CommentItem
                              key={reply.id}
                              id={reply.id}
                              author={reply.author}
                              text={reply.text}
                              createdAt={reply.createdAt}
                              isReply
                              fresh={!shownAtFirst.has(reply.id)}
                              onDelete={me !== null && reply.authorId === me ? () => remove(reply) : undefined}
                            />
                          ))}
                          {pendingReplies.map((item) => renderSending(item, true))}
                        </ol>
                      )}
                      {replyingTo === comment.id && (
                        <CommentForm
                          onSend={(author, text) => send(author, text, comment.id)}
                          reply={{ to: comment.deleted ? "a deleted comment" : comment.author, onCancel: () => setReplyingTo(null) }}
                        />
                      )}
                    </div>
                  )}
                </CommentItem>
              );
            })}
            {sending.filter((item) => item.parentId === null).map((item) => renderSending(item, false))}
          </ol>
        )}
        <div className="mt-6">
          <CommentForm onSend={send} />
        </div>
      </section>
    </>
  );
}
