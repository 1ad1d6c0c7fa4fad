// The reactions a message can get: a small fixed set, by name (the name is what the API and
// the store use; the emoji is how pages show it). Plain data, so pages and server agree.

export const REACTIONS = {
  like: "👍",
  love: "❤️",
  laugh: "😂",
  wow: "😮",
  sad: "😢",
  party: "🎉",
} as const;

export type ReactionName = keyof typeof REACTIONS;

export const REACTION_NAMES = Object.keys(REACTIONS) as ReactionName[];

export function isReactionName(value: string): value is ReactionName {
  return Object.hasOwn(REACTIONS, value);
}
