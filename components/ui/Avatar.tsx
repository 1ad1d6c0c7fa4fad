// A person's initials on a colour picked from a stable key (a chat member's id, a post's or
// comment's author name), so one person keeps one colour wherever they appear without anyone
// choosing it. Chat members and post authors keep the palettes they have always had, so the
// same person looks the same as before.

const PALETTES = {
  // Chat members: a hash of the member id.
  member: [
    "bg-rose-100 text-rose-700",
    "bg-amber-100 text-amber-800",
    "bg-lime-100 text-lime-800",
    "bg-emerald-100 text-emerald-700",
    "bg-cyan-100 text-cyan-800",
    "bg-sky-100 text-sky-700",
    "bg-violet-100 text-violet-700",
    "bg-fuchsia-100 text-fuchsia-700",
  ],
  // Post and comment authors: a hash of the name (comments have no pictures, but a colour per
  // name makes a thread easy to follow).
  author: [
    "bg-rose-100 text-rose-700",
    "bg-amber-100 text-amber-800",
    "bg-emerald-100 text-emerald-700",
    "bg-sky-100 text-sky-700",
    "bg-violet-100 text-violet-700",
    "bg-indigo-100 text-indigo-700",
    "bg-teal-100 text-teal-700",
    "bg-fuchsia-100 text-fuchsia-700",
  ],
} as const;

export type AvatarPalette = keyof typeof PALETTES;

/** The same 32-bit string hash for both palettes, read signed (member) or unsigned (author). */
function colourOf(key: string, palette: AvatarPalette): string {
  let hash = 0;
  for (const char of key) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) | 0;
  const tones = PALETTES[palette];
  return tones[(palette === "member" ? Math.abs(hash) : hash >>> 0) % tones.length];
}

/** "Ada Lovelace" → "AL", "ada" → "AD"; or only the first character when `letters` is 1. */
export function initialsOf(name: string, letters: 1 | 2 = 2): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (letters === 1) return [...(words[0] ?? "")][0]?.toUpperCase() ?? "?";
  const picked = words.length > 1 ? [words[0], words[words.length - 1]].map((w) => [...w][0]) : [...(words[0] ?? "?")].slice(0, 2);
  return picked.join("").toUpperCase();
}

const SIZES = {
  xs: "h-7 w-7 text-[0.65rem]",
  sm: "h-8 w-8 text-sm",
  md: "h-9 w-9 text-xs",
  lg: "h-10 w-10 text-base",
} as const;

export function Avatar({
  name,
  colourKey = name,
  palette = "author",
  letters = 2,
  size = "md",
  ring = false,
}: {
  name: string;
  /** What picks the colour: a member id, or the name itself. */
  colourKey?: string;
  palette?: AvatarPalette;
  letters?: 1 | 2;
  size?: keyof typeof SIZES;
  ring?: boolean;
}) {
  return (
    <span
      aria-hidden="true"
      className={`inline-flex shrink-0 select-none items-center justify-center rounded-full font-semibold ${SIZES[size]} ${colourOf(colourKey, palette)}${ring ? " ring-2 ring-white" : ""}`}
    >
      {initialsOf(name, letters)}
    </span>
  );
}
