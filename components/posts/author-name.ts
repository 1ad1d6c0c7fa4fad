// The visitor's display name, remembered in localStorage for every comment, reply and post
// (it is not secret, and typing it each time is a chore).

const AUTHOR_STORAGE_KEY = "livekv.posts.author";

export function readStoredAuthor(): string {
  try {
    return window.localStorage.getItem(AUTHOR_STORAGE_KEY) ?? "";
  } catch {
    return ""; // storage disabled (private mode, policy): just not remembered
  }
}

export function storeAuthor(author: string): void {
  try {
    window.localStorage.setItem(AUTHOR_STORAGE_KEY, author);
  } catch {
    // as above
  }
}
