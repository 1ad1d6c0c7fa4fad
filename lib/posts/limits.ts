// The post and comment rules both sides need: the server enforces them, the form shows them. No
// imports, so client components can use this file without pulling server code along.

export const AUTHOR_MAX_CHARS = 40;
export const TEXT_MAX_CHARS = 2_000;
/**
 * The list page shows (and watches) the newest this many posts. Older ones stay readable
 * at their own address; paging the list further back would start here.
 */
export const MAX_LISTED_POSTS = 50;
export const TITLE_MAX_CHARS = 120;
// 4,000 characters of any script stay under the server's 16 KiB request limit as JSON.
export const POST_BODY_MAX_CHARS = 4_000;

/** Length as people count it: code points, so an emoji is one character, not two. */
export function charCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
