"use client";

// What can be done with a message, behind one small button beside it: react (anyone), and
// edit or delete (its author only). The button is always there on touch screens (no hover);
// with a mouse it shows on hover or keyboard focus.

import { useEffect, useRef, useState } from "react";
import { REACTIONS, REACTION_NAMES, type ReactionName } from "@/lib/chat/reactions";

interface Props {
  own: boolean;
  /** Reactions you already gave (the menu then takes them back). */
  mine: ReadonlySet<ReactionName>;
  onReact: (name: ReactionName, on: boolean) => void;
  onEdit: () => void;
  onDelete: () => void;
}

export function MessageActions({ own, mine, onReact, onEdit, onDelete }: Props) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  // Close on a click elsewhere or Escape.
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  const choose = (run: () => void) => {
    setOpen(false);
    run();
  };

  return (
    <div ref={root} className="relative self-center">
      <button
        type="button"
        aria-label="Message actions"
        aria-haspopup="menu"
        aria-expanded={open}
        data-testid="message-actions"
        onClick={() => setOpen((value) => !value)}
        className={`inline-flex h-7 w-7 items-center justify-center rounded-full text-slate-500 transition hover:bg-slate-100 hover:text-slate-800 focus-visible:opacity-100 [@media(hover:hover)]:opacity-0 [@media(hover:hover)]:group-hover:opacity-100 ${open ? "!opacity-100 bg-slate-100" : ""}`}
      >
        <svg viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4" aria-hidden="true">
          <path d="M3 10a1.5 1.5 0 1 1 3 0 1.5 1.5 0 0 1-3 0Zm5.5 0a1.5 1.5 0 1 1 3 0 1.5 1.5 0 0 1-3 0ZM15.5 8.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3Z" />
        </svg>
      </button>
      {open && (
        <div
          role="menu"
          data-testid="message-menu"
          className={`absolute bottom-full z-30 mb-1 w-max rounded-xl border border-slate-200 bg-white p-1.5 shadow-lg ${own ? "left-0" : "right-0"}`}
        >
          <div className="flex gap-0.5" role="group" aria-label="React">
            {REACTION_NAMES.map((name) => (
              <button
                key={name}
                type="button"
                role="menuitemcheckbox"
                aria-checked={mine.has(name)}
                aria-label={`React ${REACTIONS[name]}`}
                data-testid={`react-${name}`}
                onClick={() => choose(() => onReact(name, !mine.has(name)))}
                className={`inline-flex h-9 w-9 items-center justify-center rounded-lg text-lg transition hover:bg-slate-100 ${mine.has(name) ? "bg-indigo-50 ring-1 ring-indigo-200" : ""}`}
              >
                {REACTIONS[name]}
              </button>
            ))}
          </div>
          {own && (
            <div className="mt-1 flex flex-col border-t border-slate-100 pt-1 text-sm">
              <button type="button" role="menuitem" data-testid="edit-message" onClick={() => choose(onEdit)} className="rounded-lg px-3 py-1.5 text-left text-slate-700 hover:bg-slate-100">
                Edit
              </button>
              <button type="button" role="menuitem" data-testid="delete-message" onClick={() => choose(onDelete)} className="rounded-lg px-3 py-1.5 text-left text-rose-700 hover:bg-rose-50">
                Delete
              </button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
