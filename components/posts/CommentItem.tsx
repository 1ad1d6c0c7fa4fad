import { Avatar } from "@/components/ui/Avatar";
import { RelativeTime } from "@/components/ui/RelativeTime";
import { formatDate } from "./format";
import styles from "./posts.module.css";

interface Props {
  author: string;
  text: string;
  createdAt: string;
  /** Arrived after the page was shown: highlighted for a moment. */
  fresh?: boolean;
  /** Still on its way to the server. */
  sending?: boolean;
}

/** One comment. The text is rendered as text (React escapes it); newlines are kept. */
export function CommentItem({ author, text, createdAt, fresh = false, sending = false }: Props) {
  return (
    <li
      data-testid="comment"
      data-sending={sending || undefined}
      className={`flex gap-3 rounded-xl px-3 py-3 sm:px-4 ${fresh ? styles.fresh : ""} ${sending ? "opacity-60" : ""}`}
    >
      <Avatar name={author} letters={1} size="sm" />
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-baseline gap-x-2 text-sm">
          <span data-testid="comment-author" className="font-semibold text-slate-900 [overflow-wrap:anywhere]">
            {author}
          </span>
          {sending ? (
            <span className="text-xs text-slate-400">Sending…</span>
          ) : (
            <RelativeTime
              at={createdAt}
              className="text-xs text-slate-400"
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
      </div>
    </li>
  );
}
