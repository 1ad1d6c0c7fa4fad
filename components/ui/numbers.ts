// Numbers as the pages show them, in one fixed locale so that the server's render and the
// browser's hydration produce the same text.

const COUNT = new Intl.NumberFormat("en-US");

export function formatCount(n: number): string {
  return COUNT.format(n);
}

/** "1 click", "2,048 clicks". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
