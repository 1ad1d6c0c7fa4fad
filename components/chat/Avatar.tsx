// A member's initials on a colour picked from their member id, so one person keeps one
// colour everywhere (messages, presence) without anyone choosing it.

const PALETTE = [
  "bg-rose-100 text-rose-700",
  "bg-amber-100 text-amber-800",
  "bg-lime-100 text-lime-800",
  "bg-emerald-100 text-emerald-700",
  "bg-cyan-100 text-cyan-800",
  "bg-sky-100 text-sky-700",
  "bg-violet-100 text-violet-700",
  "bg-fuchsia-100 text-fuchsia-700",
] as const;

function colourOf(memberId: string): string {
  let hash = 0;
  for (const char of memberId) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return PALETTE[Math.abs(hash) % PALETTE.length];
}

export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]].map((w) => [...w][0]) : [...(words[0] ?? "?")].slice(0, 2);
  return letters.join("").toUpperCase();
}

const SIZES = { sm: "h-7 w-7 text-[0.65rem]", md: "h-9 w-9 text-xs" } as const;

export function Avatar({ memberId, name, size = "md", ring = false }: {
  memberId: string;
  name: string;
  size?: keyof typeof SIZES;
  ring?: boolean;
}) {
  return (
    <span
      aria-hidden="true"
      className={`inline-flex shrink-0 select-none items-center justify-center rounded-full font-semibold ${SIZES[size]} ${colourOf(memberId)} ${ring ? "ring-2 ring-white" : ""}`}
    >
      {initialsOf(name)}
    </span>
  );
}
