"use client";

// The reactions under a message: one chip per reaction it has, with its count, pressed when
// it includes yours (click to take it back, or to add yours).

import { REACTIONS, REACTION_NAMES, type ReactionName } from "@/lib/chat/reactions";
import type { ChatMessage } from "@/lib/chat/types";

interface Props {
  message: ChatMessage;
  you: string | null;
  onReact: (name: ReactionName, on: boolean) => void;
}

export function Reactions({ message, you, onReact }: Props) {
  const present = REACTION_NAMES.filter((name) => (message.reactions?.[name]?.length ?? 0) > 0);
  if (present.length === 0) return null;
  return (
    <ul className="mt-1 flex flex-wrap gap-1" aria-label="Reactions" data-testid="reactions">
      {present.map((name) => {
        const members = message.reactions?.[name] ?? [];
        const mine = you !== null && members.includes(you);
        return (
          <li key={name}>
            <button
              type="button"
              data-testid={`reaction-${name}`}
              aria-pressed={mine}
              aria-label={`${REACTIONS[name]} ${members.length}${mine ? ", including you" : ""}`}
              disabled={you === null}
              onClick={() => onReact(name, !mine)}
              className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium tabular-nums ring-1 transition ring-inset ${
                mine ? "bg-indigo-50 text-indigo-800 ring-indigo-300 hover:bg-indigo-100" : "bg-white text-slate-700 ring-slate-200 hover:bg-slate-50"
              }`}
            >
              <span aria-hidden="true">{REACTIONS[name]}</span>
              <span aria-hidden="true" data-testid="reaction-count">
                {members.length}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
