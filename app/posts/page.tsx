import type { Metadata } from "next";
import { PostList } from "@/components/posts/PostList";
import { listPosts } from "@livekv/server/posts";
import { getKv } from "@livekv/server/server";
import { currentVisitorId } from "./current-visitor";

// Counts are live data: render per request, never at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Posts",
  description: "Posts with live like and comment counts, pushed by LiveKV's watch().",
};

export default async function PostsPage() {
  const kv = await getKv();
  const posts = await listPosts(kv, await currentVisitorId(kv));
  return (
    <div className="mx-auto max-w-6xl px-4 py-10 sm:px-6 sm:py-14">
      <header className="max-w-2xl">
        <p className="text-sm font-medium text-rose-600">Live demo</p>
        <h1 className="mt-1 text-3xl font-bold tracking-tight text-slate-900 sm:text-4xl">Posts</h1>
        <p className="mt-3 text-base leading-7 text-pretty text-slate-600">
          Likes and comments count up as they happen — open a post in a second window and watch this
          page follow along. One like per visitor, each committed atomically.
        </p>
      </header>
      <div className="mt-8">
        {posts.length === 0 ? (
          <p className="rounded-2xl border border-dashed border-slate-300 p-8 text-center text-slate-500">No posts yet.</p>
        ) : (
          <PostList posts={posts} />
        )}
      </div>
    </div>
  );
}
