// Small outline icons for device types. SVG rather than emoji: emoji fonts vary (or are
// missing) across systems, and these sit in dense lists where a tofu box would stand out.

const PATHS: Record<string, string> = {
  desktop: "M3 4.5h14v9H3zM7 17h6M10 13.5V17",
  mobile: "M6.5 2.5h7v15h-7zM9 15h2",
  tablet: "M4.5 2.5h11v15h-11zM9 15h2",
  tv: "M2.5 5h15v9.5h-15zM7 17.5h6M7.5 2.5 10 5l2.5-2.5",
  bot: "M5 7h10v8H5zM10 4v3M8 10.5h.01M12 10.5h.01M3 10v2M17 10v2",
};
const UNKNOWN = "M7.5 7.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .8-1 1.4v.8M10 14.5h.01M10 17.5a7.5 7.5 0 1 0 0-15 7.5 7.5 0 0 0 0 15Z";

export function DeviceIcon({ device, className = "h-4 w-4" }: { device: string; className?: string }) {
  return (
    <svg
      viewBox="0 0 20 20"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.5}
      strokeLinecap="round"
      strokeLinejoin="round"
      className={`inline-block shrink-0 ${className}`}
      aria-hidden="true"
    >
      <path d={PATHS[device] ?? UNKNOWN} />
    </svg>
  );
}
