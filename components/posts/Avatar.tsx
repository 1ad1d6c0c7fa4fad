// A round initial for a name: comments have no pictures, but a colour per name makes a thread
// easy to follow. The colour is a hash of the name, so it is the same on every render.

const TONES = [
  "bg-rose-100 text-rose-700",
  "bg-amber-100 text-amber-800",
  "bg-emerald-100 text-emerald-700",
  "bg-sky-100 text-sky-700",
  "bg-violet-100 text-violet-700",
  "bg-indigo-100 text-indigo-700",
  "bg-teal-100 text-teal-700",
  "bg-fuchsia-100 text-fuchsia-700",
] as const;

function toneOf(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return TONES[hash % TONES.length];
}

export function Avatar({ name, size = "md" }: { name: string; size?: "sm" | "md" }) {
  // The first character as people see it (an emoji stays whole).
  const initial = [...name.trim()][0]?.toUpperCase() ?? "?";
  const dimensions = size === "sm" ? "h-8 w-8 text-sm" : "h-10 w-10 text-base";
  return (
    <span
      aria-hidden="true"
      className={`inline-flex shrink-0 select-none items-center justify-center rounded-full font-semibold ${dimensions} ${toneOf(name)}`}
    >
      {initial}
    </span>
  );
}
