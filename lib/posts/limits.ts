// The comment rules both sides need: the server enforces them, the form shows them. No
// imports, so client components can use this file without pulling server code along.

export const AUTHOR_MAX_CHARS = 40;
export const TEXT_MAX_CHARS = 2_000;

/** Length as people count it: code points, so an emoji is one character, not two. */
export function charCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
