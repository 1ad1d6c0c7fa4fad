"use client";
// Copies a text (a short URL) and says so. Falls back to selecting a hidden field where the
// Clipboard API is unavailable (plain-http origins other than localhost).

import { useEffect, useState } from "react";

type CopyState = "idle" | "copied" | "failed";

function copyBySelection(text: string): boolean {
  const field = document.createElement("textarea");
  field.value = text;
  field.setAttribute("readonly", "");
  field.style.position = "fixed";
  field.style.opacity = "0";
  document.body.append(field);
  field.select();
  try {
    // Deprecated, but the only way left when navigator.clipboard is missing.
    return document.execCommand("copy");
  } finally {
    field.remove();
  }
}

export function CopyButton({ text, label = "Copy", className = "" }: { text: string; label?: string; className?: string }) {
  const [state, setState] = useState<CopyState>("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2_000);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async (): Promise<void> => {
    try {
      if (navigator.clipboard) await navigator.clipboard.writeText(text);
      else if (!copyBySelection(text)) throw new Error("copy refused");
      setState("copied");
    } catch {
      setState(copyBySelection(text) ? "copied" : "failed");
    }
  };

  const look =
    state === "copied"
      ? "bg-emerald-600 text-white ring-emerald-600"
      : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50";
  return (
    <button
      type="button"
      onClick={() => void copy()}
      data-testid="copy-button"
      className={`inline-flex shrink-0 items-center justify-center gap-1.5 rounded-lg px-3 py-2 text-sm font-medium ring-1 transition ring-inset focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:outline-none ${look} ${className}`}
    >
      <svg viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4" aria-hidden="true">
        {state === "copied" ? (
          <path fillRule="evenodd" d="M16.7 5.3a1 1 0 0 1 0 1.4l-8 8a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4L8 12.6l7.3-7.3a1 1 0 0 1 1.4 0Z" clipRule="evenodd" />
        ) : (
          <path d="M7 3.5A1.5 1.5 0 0 1 8.5 2h7A1.5 1.5 0 0 1 17 3.5v9a1.5 1.5 0 0 1-1.5 1.5H14v-1.5h1.5v-9h-7V5H7V3.5ZM4.5 6A1.5 1.5 0 0 0 3 7.5v9A1.5 1.5 0 0 0 4.5 18h7a1.5 1.5 0 0 0 1.5-1.5v-9A1.5 1.5 0 0 0 11.5 6h-7Zm0 1.5h7v9h-7v-9Z" />
        )}
      </svg>
      <span aria-live="polite">{state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : label}</span>
    </button>
  );
}
