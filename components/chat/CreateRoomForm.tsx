"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { MAX_ROOM_NAME } from "@/lib/chat/limits";
import { ApiError } from "@/lib/client/api";
import { createRoom } from "@/lib/client/chat/api";
import { SubmissionKeys } from "@/lib/idempotency/submission-key";

/** Name a room and go into it. Errors (taken, too long, too many) are the server's words. */
export function CreateRoomForm() {
  const router = useRouter();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Submitting the same name again after a failure reuses its clientId: one room at most.
  const [keys] = useState(() => new SubmissionKeys());

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const room = await createRoom(name, keys.clientIdFor(name));
      keys.succeeded();
      router.push(`/chat/${room.id}`);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "Could not create the room. Please try again.");
      setBusy(false);
    }
  }

  const tooLong = [...name.trim()].length > MAX_ROOM_NAME;
  return (
    <form onSubmit={submit} noValidate aria-label="Create a room" className="rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
      <label htmlFor="new-room-name" className="text-sm font-semibold text-slate-900">
        Start a room
      </label>
      <p className="mt-0.5 text-sm text-slate-500">Give it a name; anyone with the link can join.</p>
      <div className="mt-3 flex flex-col gap-2 sm:flex-row">
        <input
          id="new-room-name"
          name="name"
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            setError(null);
          }}
          placeholder="e.g. Design crit"
          autoComplete="off"
          maxLength={MAX_ROOM_NAME * 2}
          aria-invalid={error !== null || tooLong}
          aria-describedby="new-room-hint"
          className="min-w-0 flex-1 rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-xs outline-none transition placeholder:text-slate-400 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20 aria-[invalid=true]:border-rose-400"
        />
        <button
          type="submit"
          disabled={busy || name.trim() === "" || tooLong}
          className="inline-flex items-center justify-center rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm transition hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:bg-indigo-300"
        >
          {busy ? "Creating…" : "Create room"}
        </button>
      </div>
      <p id="new-room-hint" role={error ? "alert" : undefined} className={`mt-2 min-h-5 text-xs ${error || tooLong ? "text-rose-600" : "text-slate-400"}`}>
        {error ?? (tooLong ? `At most ${MAX_ROOM_NAME} characters.` : `Up to ${MAX_ROOM_NAME} characters. Names are unique, whatever their case.`)}
      </p>
    </form>
  );
}
