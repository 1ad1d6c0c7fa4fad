"use client";

// The like button: optimistic (the heart fills and the count moves at once), rolled back with
// a message if the server refuses. Three sources of truth meet here — the clicks, the
// server's answers, the live stream — and the newest wins: the answer and the stream both
// carry a version (a versionstamp), so a stream event that left the server before the like
// landed cannot undo it on screen.
//
// Clicks are intents, not requests: each click flips what the visitor wants, and one request
// at a time carries the latest want to the server (like and unlike are idempotent, so only
// the last one matters). A click while a request is out is never dropped, and two requests
// never race: a double click ends where two clicks should, and so does the server.

import { useEffect, useRef, useState } from "react";
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
  // What the visitor wants, while the server does not have it yet; null when settled. The ref
  // is what the sender reads (a click between renders must be seen), the state what renders.
  const [wanted, setWanted] = useState<boolean | null>(null);
  const wantedRef = useRef<boolean | null>(null);
  const sending = useRef(false);
  const [confirmed, setConfirmed] = useState<LikeState | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [popped, setPopped] = useState(0);

  const answerIsNewer = confirmed !== null && confirmed.version > live.version;
  const likes = answerIsNewer ? confirmed.likes : live.likes;
  const settledLiked = answerIsNewer || live.liked === null ? (confirmed?.liked ?? initiallyLiked) : live.liked;
  const liked = wanted ?? settledLiked;
  const shownLikes = Math.max(0, likes + (wanted !== null && wanted !== settledLiked ? (wanted ? 1 : -1) : 0));

  // What a click flips when nothing is wanted. A ref, not the render's value: an answer lands
  // outside React's events, and a click can come before the render that shows it — flipping
  // that render's stale state would ask for what the visitor just got.
  const settledRef = useRef(settledLiked);
  useEffect(() => {
    settledRef.current = settledLiked;
  });

  function want(value: boolean | null): void {
    wantedRef.current = value;
    setWanted(value);
  }

  /** Sends the latest want until the server has it; one request at a time. */
  async function send(): Promise<void> {
    sending.current = true;
    let sent: boolean | null = null;
    try {
      while (wantedRef.current !== null && wantedRef.current !== sent) {
        const target: boolean = wantedRef.current;
        sent = target;
        const state = await apiFetch<LikeState>(`/api/posts/${encodeURIComponent(postId)}/like`, { method: target ? "POST" : "DELETE" });
        settledRef.current = state.liked;
        setConfirmed(state);
      }
    } catch (error) {
      if (error instanceof ApiError && error.status !== 0) {
        setMessage(error.messageOr(sent ? "Your like was not saved." : "Your like was not taken back."));
      } else {
        setMessage("The server could not be reached; nothing was changed.");
      }
    } finally {
      // Settled (or refused: back to what the server last said). No click can come between
      // the loop's last check and here: both run in one turn of the event loop.
      sending.current = false;
      want(null);
    }
  }

  function toggle(): void {
    const target = !(wantedRef.current ?? settledRef.current);
    want(target);
    setMessage(null);
    if (target) setPopped((n) => n + 1);
    if (!sending.current) void send();
  }

  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
      <button
        type="button"
        onClick={toggle}
        aria-pressed={liked}
        aria-busy={wanted !== null}
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
