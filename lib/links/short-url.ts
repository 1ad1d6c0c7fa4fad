// Where a short link is reachable. Codes are [A-Za-z0-9_-]: nothing to escape in a path.
export function shortUrl(appOrigin: string, code: string): string {
  return `${appOrigin}/s/${code}`;
}
