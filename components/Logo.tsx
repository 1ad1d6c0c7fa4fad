// The LiveKV mark: a dot with a ring, read as "a value that broadcasts".
export function Logo({ className = "h-7 w-7" }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true">
      <rect width="32" height="32" rx="8" className="fill-indigo-600" />
      <circle cx="16" cy="16" r="5" className="fill-white" />
      <circle cx="16" cy="16" r="9.5" fill="none" className="stroke-white/45" strokeWidth="2" />
    </svg>
  );
}
