/** The page's first focusable element: keyboard users jump past the header to the content. */
export function SkipLink({ target }: { target: string }) {
  return (
    <a
      href={`#${target}`}
      className="sr-only rounded-lg bg-white px-4 py-2.5 text-sm font-semibold text-indigo-700 shadow-lg focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50"
    >
      Skip to content
    </a>
  );
}
