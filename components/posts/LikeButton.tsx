"use client";

// The like button: optimistic (the heart fills and the count moves at once), rolled back with
// a message if the server refuses. Three sources of truth meet here — the click in flight,
// the server's answer, the live stream — and the newest wins: the answer and the stream
// both carry a version (a versionstamp), so a stream event that left the server before the
// like landed cannot undo it on screen.

import { useState } from "react";
import type { LikeState, LivePostCounts } from "@/lib/posts/types";
import { HeartIcon } from "@/components/icons";
import { LiveCount } from "./LiveCount";
import { ApiError, apiFetch } from "@/lib/client/api";
import styles from "./posts.module.css";

interface Props {
  postId: string;
  live: LivePostCounts;
  /** The like as the page was rendered, for while the stream cannot say (no visitor yet). */
  initiallyLiked: boolean;
}

export function LikeButton({ postId, live, initiallyLiked }: Props) {
  const [pending, setPending] = useState<boolean | null>(null);
  const [confirmed, setConfirmed] = useState<LikeState | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [popped, setPopped] = useState(0);

  const answerIsNewer = confirmed !== null && confirmed.version > live.version;
  const likes = answerIsNewer ? confirmed.likes : live.likes;
  const settledLiked = answerIsNewer || live.liked === null ? (confirmed?.liked ?? initiallyLiked) : live.liked;
  const liked = pending ?? settledLiked;
  const shownLikes = Math.max(0, likes + (pending !== null && pending !== settledLiked ? (pending ? 1 : -1) : 0));

  async function toggle(): Promise<void> {
    // One request at a time: the server would count a second click right anyway, but the
    // rollback of one would then fight the optimism of the other.
    if (pending !== null) return;
    const target = !liked;
    setPending(target);
    setMessage(null);
    if (target) setPopped((n) => n + 1);
    try {
      setConfirmed(await apiFetch<LikeState>(`/api/posts/${encodeURIComponent(postId)}/like`, { method: target ? "POST" : "DELETE" }));
    } catch (error) {
      if (error instanceof ApiError && error.status !== 0) {
        setMessage(error.messageOr(target ? "Your like was not saved." : "Your like was not taken back."));
      } else {
        setMessage("The server could not be reached; nothing was changed.");
      }
    } finally {
      setPending(null);
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
      <button
        type="button"
        onClick={toggle}
        aria-pressed={liked}
        aria-busy={pending !== null}
        data-testid="like-button"
        className={`group inline-flex h-11 items-center gap-2 rounded-full border px-4 text-sm font-semibold shadow-sm transition focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-rose-500 active:scale-95 ${
          liked
            ? "border-rose-200 bg-rose-50 text-rose-600 hover:bg-rose-100"
            : "border-slate-200 bg-white text-slate-700 hover:border-rose-200 hover:text-rose-600"
        }`}
      >
        <HeartIcon
          key={popped}
          filled={liked}
          className={`h-5 w-5 transition-colors ${popped > 0 && liked ? styles.pop : ""} ${liked ? "text-rose-500" : "text-slate-400 group-hover:text-rose-500"}`}
        />
        {/* Read as "Like, 12 likes" with the pressed state: the name keeps the count. */}
        <span className="sr-only">Like, </span>
        <LiveCount value={shownLikes} testId="like-count" />
        <span className="sr-only">{shownLikes === 1 ? " like" : " likes"}</span>
      </button>
      {message !== null && (
        <p role="alert" data-testid="like-message" className="text-sm text-rose-700">
          {message}
        </p>
      )}
    </div>
  );
}
