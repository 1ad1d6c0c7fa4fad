// Icons for the posts pages (24px grid, colour from currentColor). The heart comes in two
// states so the like button can fill it.

const stroke = {
  viewBox: "0 0 24 24",
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 1.8,
  strokeLinecap: "round",
  strokeLinejoin: "round",
  "aria-hidden": true,
} as const;

const HEART = "M12 20.5s-7.5-4.6-7.5-10.4A4.3 4.3 0 0 1 12 7.3a4.3 4.3 0 0 1 7.5 2.8c0 5.8-7.5 10.4-7.5 10.4Z";

export function HeartIcon({ filled = false, className }: { filled?: boolean; className?: string }) {
  return (
    <svg {...stroke} fill={filled ? "currentColor" : "none"} className={className}>
      <path d={HEART} />
    </svg>
  );
}

export function CommentIcon({ className }: { className?: string }) {
  return (
    <svg {...stroke} className={className}>
      <path d="M20.5 12a8 8 0 0 1-11.7 7.1L4 20.2l1.2-4.4A8 8 0 1 1 20.5 12Z" />
    </svg>
  );
}

export function ArrowLeftIcon({ className }: { className?: string }) {
  return (
    <svg {...stroke} className={className}>
      <path d="M19 12H5M11 6l-6 6 6 6" />
    </svg>
  );
}

export function SendIcon({ className }: { className?: string }) {
  return (
    <svg {...stroke} className={className}>
      <path d="M4 12 20 4l-4 16-4-7-8-1Z" />
      <path d="m12 13 8-9" />
    </svg>
  );
}
