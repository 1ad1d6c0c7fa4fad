"use client";

// The list of posts, live: one stream for the whole list — which posts are listed (a new
// post shows at the top for everyone) and their counts — folded into one state. The
// visitor's own new post shows at once, before the stream brings it.

import Link from "next/link";
import { useState } from "react";
import { usePostList } from "@/lib/client/hooks/usePostLive";
import type { PostCounts, PostListItem, PostRecord, PostSummary } from "@/lib/posts/types";
import { LiveStatus } from "@/components/live/LiveStatus";
import { CommentIcon, HeartIcon } from "@/components/icons";
import { Avatar } from "@/components/ui/Avatar";
import { formatDate } from "./format";
import { LiveCount } from "./LiveCount";
import { NewPostForm } from "./NewPostForm";

const NO_COUNTS: PostCounts = { likes: 0, comments: 0 };

export function PostList({ posts: initialPosts }: { posts: PostSummary[] }) {
  const { data, status } = usePostList({
    posts: initialPosts,
    counts: Object.fromEntries(initialPosts.map((post) => [post.id, post.counts])),
  });
  const [mine, setMine] = useState<PostListItem[]>([]);
  // Whether the visitor likes a post is theirs alone, not the stream's: as the page was rendered.
  const [liked] = useState(() => new Set(initialPosts.filter((post) => post.liked).map((post) => post.id)));
  const listed = data?.posts ?? initialPosts;
  const listedIds = new Set(listed.map((post) => post.id));
  const posts = [...mine.filter((post) => !listedIds.has(post.id)), ...listed];

  function created({ body: _body, markdown: _markdown, ...post }: PostRecord): void {
    setMine((list) => [post, ...list]);
  }

  return (
    <>
      <NewPostForm onCreated={created} />
      <div className="mt-8 flex items-center justify-between gap-3">
        <p className="text-sm text-slate-600">
          {posts.length} {posts.length === 1 ? "post" : "posts"}
        </p>
        <LiveStatus status={status} />
      </div>
      {posts.length === 0 && (
        <p className="mt-4 rounded-2xl border border-dashed border-slate-300 p-8 text-center text-slate-600">No posts yet: write the first.</p>
      )}
      <ul data-testid="post-list" className="mt-4 grid gap-5 md:grid-cols-2">
        {posts.map((post) => {
          // A post the stream has not counted yet is new: nothing to count.
          const counts = data?.counts[post.id] ?? NO_COUNTS;
          const isLiked = liked.has(post.id);
          return (
            <li key={post.id}>
              <article
                data-testid="post-card"
                data-post-id={post.id}
                aria-labelledby={`post-${post.id}-title`}
                className="group relative flex h-full flex-col rounded-2xl border border-slate-200 bg-white p-5 shadow-sm transition hover:border-rose-200 hover:shadow-md sm:p-6"
              >
                {post.tags.length > 0 && (
                  <ul className="mb-3 flex flex-wrap gap-1.5" aria-label="Tags">
                    {post.tags.map((tag) => (
                      <li key={tag} className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">
                        {tag}
                      </li>
                    ))}
                  </ul>
                )}
                <h2 id={`post-${post.id}-title`} className="[overflow-wrap:anywhere] text-lg font-semibold leading-snug tracking-tight text-balance text-slate-900">
                  {/* The whole card is the link (the ::after covers it), with the title as its name. */}
                  <Link href={`/posts/${post.id}`} className="after:absolute after:inset-0 after:rounded-2xl focus-visible:outline-none">
                    {post.title}
                  </Link>
                </h2>
                <p className="mt-2 flex-1 text-sm leading-6 text-pretty text-slate-600 [overflow-wrap:anywhere]">{post.summary}</p>
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
                      <HeartIcon filled={isLiked} className={`h-5 w-5 ${isLiked ? "text-rose-500" : "text-slate-400"}`} />
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
