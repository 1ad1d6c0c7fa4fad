import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Avatar } from "@/components/ui/Avatar";
import { formatDate, readingMinutes } from "@/components/posts/format";
import { ArrowLeftIcon } from "@/components/icons";
import { PostInteractions } from "@/components/posts/PostInteractions";
import { PostLiveStatus } from "@/components/posts/PostLiveStatus";
import { Markdown } from "@/components/posts/Markdown";
import { authorIdOf, getPost, getPostPage } from "@livekv/server/posts";
import { getKv } from "@livekv/server/server";
import { currentVisitorId } from "../current-visitor";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const post = await getPost(await getKv(), (await params).id);
  return post === null ? { title: "Post not found" } : { title: post.title, description: post.summary };
}

export default async function PostPage({ params }: Props) {
  const { id } = await params;
  const kv = await getKv();
  const visitorId = await currentVisitorId(kv);
  const page = await getPostPage(kv, id, visitorId);
  if (page === null) notFound();
  const { post, counts, liked, comments, cursor } = page;

  return (
    <article className="mx-auto max-w-3xl px-4 py-8 sm:px-6 sm:py-12">
      <div className="flex items-center justify-between gap-3">
        <Link
          href="/posts"
          className="-ml-2 inline-flex items-center gap-1.5 rounded-md px-2 py-1 text-sm font-medium text-slate-600 transition hover:bg-slate-100 hover:text-slate-900"
        >
          <ArrowLeftIcon className="h-4 w-4" />
          All posts
        </Link>
        <PostLiveStatus postId={post.id} cursor={cursor} />
      </div>

      <header className="mt-6">
        {post.tags.length > 0 && (
          <ul className="mb-3 flex flex-wrap gap-1.5" aria-label="Tags">
            {post.tags.map((tag) => (
              <li key={tag} className="rounded-full bg-rose-50 px-2.5 py-0.5 text-xs font-medium text-rose-700">
                {tag}
              </li>
            ))}
          </ul>
        )}
        <h1 className="text-3xl font-bold tracking-tight text-balance text-slate-900 [overflow-wrap:anywhere] sm:text-4xl">
          {post.title}
        </h1>
        <div className="mt-5 flex items-center gap-3">
          <Avatar name={post.author} letters={1} size="lg" />
          <div className="text-sm leading-tight">
            <p className="font-medium text-slate-900">{post.author}</p>
            <p className="mt-0.5 text-slate-500">
              <time dateTime={post.publishedAt}>{formatDate(post.publishedAt)}</time>
              <span aria-hidden="true"> · </span>
              {readingMinutes(post.body)} min read
            </p>
          </div>
        </div>
      </header>

      <div className="mt-8 space-y-5 text-[1.0625rem] leading-8 text-slate-700">
        {post.markdown === undefined ? (
          <>
            <p className="text-lg leading-8 text-pretty text-slate-600">{post.summary}</p>
            {post.body.map((paragraph, i) => (
              <p key={i} className="text-pretty">
                {paragraph}
              </p>
            ))}
          </>
        ) : (
          <Markdown source={post.markdown} />
        )}
      </div>

      <PostInteractions
        postId={post.id}
        cursor={cursor}
        initial={{ counts: { ...counts, liked, version: "" }, comments }}
        initiallyLiked={liked}
        viewerAuthorId={visitorId === null ? null : authorIdOf(visitorId)}
        moreComments={page.moreComments}
      />
    </article>
  );
}
