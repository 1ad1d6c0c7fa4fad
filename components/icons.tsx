// The app's outline icons (24px grid, colour from currentColor), one set for every page.

interface IconProps {
  className?: string;
}

function OutlineIcon({ paths, filled = false, className }: IconProps & { paths: readonly string[]; filled?: boolean }) {
  return (
    <svg
      viewBox="0 0 24 24"
      fill={filled ? "currentColor" : "none"}
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden
      className={className}
    >
      {paths.map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}

function outlineIcon(name: string, paths: readonly string[]) {
  const Icon = ({ className }: IconProps) => <OutlineIcon paths={paths} className={className} />;
  Icon.displayName = name;
  return Icon;
}

export const LinkIcon = outlineIcon("LinkIcon", [
  "M10 13a5 5 0 0 0 7.07 0l2.83-2.83a5 5 0 0 0-7.07-7.07L11.5 4.43",
  "M14 11a5 5 0 0 0-7.07 0L4.1 13.83a5 5 0 0 0 7.07 7.07l1.33-1.33",
]);

/** A speech bubble with typing dots: the chat demo. */
export const ChatIcon = outlineIcon("ChatIcon", [
  "M21 12a8 8 0 0 1-11.6 7.14L4 20l1.1-4.2A8 8 0 1 1 21 12Z",
  "M8.5 12h.01M12 12h.01M15.5 12h.01",
]);

/** A plain speech bubble: a post's comments. */
export const CommentIcon = outlineIcon("CommentIcon", ["M20.5 12a8 8 0 0 1-11.7 7.1L4 20.2l1.2-4.4A8 8 0 1 1 20.5 12Z"]);

export const ArrowLeftIcon = outlineIcon("ArrowLeftIcon", ["M19 12H5M11 6l-6 6 6 6"]);

export const SendIcon = outlineIcon("SendIcon", ["M4 12 20 4l-4 16-4-7-8-1Z", "m12 13 8-9"]);

const HEART = ["M12 20.5s-7.5-4.6-7.5-10.4A4.3 4.3 0 0 1 12 7.3a4.3 4.3 0 0 1 7.5 2.8c0 5.8-7.5 10.4-7.5 10.4Z"];

/** `filled` is the like button's liked state. */
export function HeartIcon({ filled = false, className }: IconProps & { filled?: boolean }) {
  return <OutlineIcon paths={HEART} filled={filled} className={className} />;
}
