"use client";
// The owner's controls on a link's page: change its target (the server checks it as it
// checks a new link, so the messages are the same), pause or resume it, delete it after a
// confirmation in the page. Each answer's error is shown beside the control it concerns.

import { useId, useState, type FormEvent } from "react";
import { withDefaultScheme } from "@/lib/api/default-scheme";
import { deleteLinkRequest, updateLinkRequest } from "@/lib/client/links/manage-link";
import type { PublicLink } from "@/lib/links/types";
import { Card } from "./Card";
import { FieldError } from "./FieldError";
import { UrlField } from "./UrlField";

const BUTTON =
  "inline-flex items-center justify-center rounded-lg px-3.5 py-2.5 text-sm font-semibold shadow-sm transition focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60";

type Busy = "url" | "pause" | "delete" | null;

export interface ManageLinkProps {
  code: string;
  link: PublicLink;
  /** The link as the server answered a change, shown until the live stream catches up. */
  onChanged: (link: PublicLink) => void;
  onDeleted: () => void;
}

export function ManageLink({ code, link, onChanged, onDeleted }: ManageLinkProps) {
  const id = useId();
  const [url, setUrl] = useState(link.url);
  const [busy, setBusy] = useState<Busy>(null);
  const [errors, setErrors] = useState<Partial<Record<Exclude<Busy, null>, string>>>({});
  const [saved, setSaved] = useState(false);
  const [confirming, setConfirming] = useState(false);

  const saveUrl = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    const target = withDefaultScheme(url.trim());
    setUrl(target);
    setBusy("url");
    setErrors({});
    setSaved(false);
    const result = await updateLinkRequest(code, { url: target });
    setBusy(null);
    if (!result.ok) {
      setErrors({ url: result.message });
      return;
    }
    setUrl(result.value.url);
    setSaved(true);
    onChanged(result.value);
  };

  const togglePause = async (): Promise<void> => {
    if (busy) return;
    setBusy("pause");
    setErrors({});
    const result = await updateLinkRequest(code, { paused: !link.paused });
    setBusy(null);
    if (!result.ok) setErrors({ pause: result.message });
    else onChanged(result.value);
  };

  const remove = async (): Promise<void> => {
    if (busy) return;
    setBusy("delete");
    setErrors({});
    const result = await deleteLinkRequest(code);
    setBusy(null);
    if (!result.ok) setErrors({ delete: result.message });
    else onDeleted();
  };

  return (
    <Card testId="manage-link" className="mt-6">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 className="font-semibold text-slate-900">Manage</h2>
        <p className="text-xs text-slate-500">Only you see these controls: this browser created the link.</p>
      </div>
      <div className="mt-4 grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <form onSubmit={(event) => void saveUrl(event)} noValidate aria-label="Change the target">
          <UrlField
            id={`${id}-url`}
            label="Target URL"
            value={url}
            onChange={(typed) => {
              setUrl(typed);
              setSaved(false);
            }}
            error={errors.url}
            action={
              <button type="submit" disabled={busy !== null} className={`${BUTTON} whitespace-nowrap bg-indigo-600 text-white hover:bg-indigo-500`}>
                {busy === "url" ? "Saving…" : "Save target"}
              </button>
            }
          />
          {saved && !errors.url && (
            <p role="status" data-testid="target-saved" className="mt-1.5 text-sm text-emerald-700">
              Saved. The next visit goes to the new target.
            </p>
          )}
        </form>

        <div className="flex flex-col gap-4 border-t border-slate-100 pt-4 lg:border-t-0 lg:border-l lg:pt-0 lg:pl-6">
          <div>
            <div className="flex flex-wrap items-center gap-3">
              <button
                type="button"
                onClick={() => void togglePause()}
                disabled={busy !== null}
                aria-pressed={link.paused}
                className={`${BUTTON} bg-white text-slate-800 ring-1 ring-slate-300 ring-inset hover:bg-slate-50`}
              >
                {busy === "pause" ? (link.paused ? "Resuming…" : "Pausing…") : link.paused ? "Resume link" : "Pause link"}
              </button>
              <p className="min-w-0 flex-1 text-xs leading-5 text-slate-500">
                {link.paused ? "Paused: visitors see a page saying so, and nothing is counted." : "While paused, visitors see a page saying so instead of the target."}
              </p>
            </div>
            <FieldError field="pause" message={errors.pause} />
          </div>

          <div>
            {confirming ? (
              <div role="group" aria-labelledby={`${id}-delete-question`} data-testid="confirm-delete" className="rounded-xl bg-rose-50 p-3 ring-1 ring-rose-200 ring-inset">
                <p id={`${id}-delete-question`} className="text-sm text-rose-900">
                  Delete <span className="font-mono font-semibold">/s/{code}</span> and all its analytics? This cannot be undone.
                </p>
                <div className="mt-3 flex flex-wrap gap-2">
                  <button
                    type="button"
                    onClick={() => void remove()}
                    disabled={busy !== null}
                    className={`${BUTTON} bg-rose-700 text-white hover:bg-rose-600`}
                  >
                    {busy === "delete" ? "Deleting…" : "Delete for good"}
                  </button>
                  <button
                    type="button"
                    onClick={() => setConfirming(false)}
                    disabled={busy !== null}
                    className={`${BUTTON} bg-white text-slate-800 ring-1 ring-slate-300 ring-inset hover:bg-slate-50`}
                  >
                    Cancel
                  </button>
                </div>
              </div>
            ) : (
              <button
                type="button"
                onClick={() => setConfirming(true)}
                className={`${BUTTON} bg-white text-rose-700 ring-1 ring-rose-300 ring-inset hover:bg-rose-50`}
              >
                Delete link…
              </button>
            )}
            <FieldError field="delete" message={errors.delete} />
          </div>
        </div>
      </div>
    </Card>
  );
}
