"use client";

// The list of posts with live counts: one stream for the whole list (the counters of every
// post shown), folded into the latest { id: counts } map.

import Link from "next/link";
import { usePostListCounts } from "@/lib/client/hooks/usePostLive";
import type { PostSummary } from "@/lib/posts/types";
import { LiveStatus } from "@/components/live/LiveStatus";
import { CommentIcon, HeartIcon } from "@/components/icons";
import { Avatar } from "@/components/ui/Avatar";
import { formatDate } from "./format";
import { LiveCount } from "./LiveCount";

export function PostList({ posts }: { posts: PostSummary[] }) {
  const { data, status } = usePostListCounts(
    posts.map((post) => post.id),
    { version: "", counts: Object.fromEntries(posts.map((post) => [post.id, post.counts])) },
  );

  return (
    <>
      <div className="flex items-center justify-between gap-3">
        <p className="text-sm text-slate-500">
          {posts.length} {posts.length === 1 ? "post" : "posts"}
        </p>
        <LiveStatus status={status} />
      </div>
      <ul className="mt-4 grid gap-5 md:grid-cols-2">
        {posts.map((post) => {
          const counts = data?.counts[post.id] ?? post.counts;
          return (
            <li key={post.id}>
              <article
                data-testid="post-card"
                data-post-id={post.id}
                aria-labelledby={`post-${post.id}-title`}
                className="group relative flex h-full flex-col rounded-2xl border border-slate-200 bg-white p-5 shadow-sm transition hover:border-rose-200 hover:shadow-md sm:p-6"
              >
                <ul className="flex flex-wrap gap-1.5" aria-label="Tags">
                  {post.tags.map((tag) => (
                    <li key={tag} className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">
                      {tag}
                    </li>
                  ))}
                </ul>
                <h2 id={`post-${post.id}-title`} className="mt-3 text-lg font-semibold leading-snug tracking-tight text-balance text-slate-900">
                  {/* The whole card is the link (the ::after covers it), with the title as its name. */}
                  <Link href={`/posts/${post.id}`} className="after:absolute after:inset-0 after:rounded-2xl focus-visible:outline-none">
                    {post.title}
                  </Link>
                </h2>
                <p className="mt-2 flex-1 text-sm leading-6 text-pretty text-slate-600">{post.summary}</p>
                <div className="mt-5 flex items-center justify-between gap-3 border-t border-slate-100 pt-4">
                  <div className="flex min-w-0 items-center gap-2 text-sm">
                    <Avatar name={post.author} letters={1} size="sm" />
                    <div className="min-w-0 leading-tight">
                      <p className="truncate font-medium text-slate-800">{post.author}</p>
                      <p className="text-xs text-slate-500">
                        <time dateTime={post.publishedAt}>{formatDate(post.publishedAt)}</time>
                      </p>
                    </div>
                  </div>
                  <div className="flex shrink-0 items-center gap-4 text-sm font-medium text-slate-600">
                    <span className="inline-flex items-center gap-1.5" title="Likes">
                      <HeartIcon filled={post.liked} className={`h-5 w-5 ${post.liked ? "text-rose-500" : "text-slate-400"}`} />
                      <LiveCount value={counts.likes} testId="post-likes" />
                      <span className="sr-only">likes</span>
                    </span>
                    <span className="inline-flex items-center gap-1.5" title="Comments">
                      <CommentIcon className="h-5 w-5 text-slate-400" />
                      <LiveCount value={counts.comments} testId="post-comments" />
                      <span className="sr-only">comments</span>
                    </span>
                  </div>
                </div>
              </article>
            </li>
          );
        })}
      </ul>
    </>
  );
}
