// Character counts as the server counts them (Unicode code points), for the composer.

export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
