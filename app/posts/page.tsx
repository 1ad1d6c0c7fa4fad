import type { Metadata } from "next";
import { PostList } from "@/components/posts/PostList";
import { listPosts } from "@livekv/server/posts";
import { getKv } from "@livekv/server/server";
import { currentVisitorId } from "./current-visitor";

// Counts are live data: render per request, never at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Posts",
  description: "Write a post, like and discuss: new posts, likes and comments show for everyone as they happen.",
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
          Write a post and it appears here for everyone at once; likes and comments count up as they
          happen. Open this page in a second window and watch it follow along.
        </p>
      </header>
      <div className="mt-8">
        <PostList posts={posts} />
      </div>
    </div>
  );
}
