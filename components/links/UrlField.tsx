"use client";
// A link's target URL: the create form's and the owner's Manage panel's. On leaving the field
// "example.com/page" becomes https://example.com/page, as the server will store it, so the
// field shows what will be saved; the server's message about the URL is shown under it.

import type { ReactNode } from "react";
import { withDefaultScheme } from "@/lib/api/default-scheme";
import { FieldError } from "./FieldError";

export const INPUT =
  "block w-full min-w-0 rounded-lg border-0 bg-white px-3 py-2.5 text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none aria-invalid:ring-rose-400";

export interface UrlFieldProps {
  /** The input's id; its error's is `${id}-error`. */
  id: string;
  label: string;
  value: string;
  /** Called with what was typed, and with the https:// form when leaving the field changes it. */
  onChange: (value: string) => void;
  error: string | undefined;
  placeholder?: string;
  /** Beside the input from the small breakpoint up, below it on a phone (a submit button). */
  action?: ReactNode;
}

export function UrlField({ id, label, value, onChange, error, placeholder, action }: UrlFieldProps) {
  const errorId = `${id}-error`;
  return (
    <>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <div className={action ? "mt-1.5 flex flex-col gap-2 sm:flex-row" : "mt-1.5"}>
        <input
          id={id}
          name="url"
          type="url"
          inputMode="url"
          autoComplete="url"
          required
          placeholder={placeholder}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          onBlur={() => {
            // Only a real change is reported: a blur must not undo the owner's "Saved".
            const normal = withDefaultScheme(value.trim());
            if (normal !== value) onChange(normal);
          }}
          className={INPUT}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        />
        {action}
      </div>
      <FieldError id={errorId} field="url" message={error} />
    </>
  );
}
