"use client";
// The create form: target URL, optional custom code, optional expiry. Checks nothing the
// API checks (one source of rules); the API's error message is shown under the field it
// is about. After success it shows the new short link, ready to copy.

import Link from "next/link";
import { useId, useState, type FormEvent } from "react";
import { SubmissionKeys } from "@/lib/idempotency/submission-key";
import { CopyButton } from "./CopyButton";
import { withDefaultScheme } from "@/lib/api/default-scheme";
import { createLinkRequest, type Field } from "@/lib/client/links/create-link";
import { FieldError } from "./FieldError";
import { displayUrl } from "./format";
import { UrlField } from "./UrlField";
import type { CreatedLink } from "@/lib/client/links/types";

const EXPIRIES = [
  { value: "never", label: "Never", ms: null },
  { value: "1h", label: "In 1 hour", ms: 60 * 60 * 1000 },
  { value: "1d", label: "In 1 day", ms: 24 * 60 * 60 * 1000 },
  { value: "7d", label: "In 7 days", ms: 7 * 24 * 60 * 60 * 1000 },
] as const;
type Expiry = (typeof EXPIRIES)[number]["value"];

type Errors = Partial<Record<Field, string>>;

const INPUT =
  "block w-full rounded-lg border-0 bg-white px-3 py-2.5 text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none aria-invalid:ring-rose-400";

export function CreateLinkForm({ origin, onCreated }: { origin: string; onCreated: (link: CreatedLink) => void }) {
  const id = useId();
  const [url, setUrl] = useState("");
  const [code, setCode] = useState("");
  const [expiry, setExpiry] = useState<Expiry>("never");
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [created, setCreated] = useState<CreatedLink | null>(null);
  const [keys] = useState(() => new SubmissionKeys());

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setErrors({});
    const expireIn = EXPIRIES.find((option) => option.value === expiry)?.ms ?? null;
    const target = withDefaultScheme(url.trim());
    setUrl(target);
    const result = await createLinkRequest({ url: target, code, expireIn }, keys);
    setPending(false);
    if (!result.ok) {
      setErrors({ [result.field]: result.message });
      return;
    }
    setCreated(result.link);
    setUrl("");
    setCode("");
    onCreated(result.link);
  };

  const err = (field: Field) => ({
    "aria-invalid": errors[field] ? true : undefined,
    "aria-describedby": errors[field] ? `${id}-${field}-error` : undefined,
  });

  return (
    <div className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6">
      <h2 className="text-lg font-semibold text-slate-900">Create a short link</h2>
      <form onSubmit={(event) => void submit(event)} noValidate className="mt-4 space-y-4" aria-label="Create a short link">
        <div>
          <UrlField
            id={`${id}-url`}
            label="Long URL"
            placeholder="https://example.com/a/very/long/page"
            value={url}
            onChange={setUrl}
            error={errors.url}
          />
        </div>

        <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_11rem]">
          <div>
            <label htmlFor={`${id}-code`} className="block text-sm font-medium text-slate-700">
              Custom code <span className="font-normal text-slate-400">(optional)</span>
            </label>
            <div className="mt-1.5 flex rounded-lg shadow-sm">
              <span
                className="inline-flex items-center rounded-l-lg bg-slate-50 px-3 font-mono text-sm text-slate-500 ring-1 ring-slate-300 ring-inset"
                title={`${origin}/s/`}
              >
                /s/
              </span>
              <input
                id={`${id}-code`}
                name="code"
                type="text"
                autoComplete="off"
                autoCapitalize="off"
                spellCheck={false}
                placeholder="my-link"
                value={code}
                onChange={(event) => setCode(event.target.value)}
                className={`-ml-px min-w-0 rounded-l-none font-mono ${INPUT} shadow-none`}
                {...err("code")}
              />
            </div>
            {errors.code ? (
              <FieldError id={`${id}-code-error`} field="code" message={errors.code} />
            ) : (
              <p className="mt-1.5 text-xs text-slate-500">
                Letters, digits, - and _; 3 to 32. Empty: one is made for you.
              </p>
            )}
          </div>
          <div>
            <label htmlFor={`${id}-expiry`} className="block text-sm font-medium text-slate-700">
              Expires
            </label>
            <select
              id={`${id}-expiry`}
              name="expiry"
              value={expiry}
              onChange={(event) => setExpiry(event.target.value as Expiry)}
              className={`mt-1.5 ${INPUT}`}
              {...err("expiry")}
            >
              {EXPIRIES.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
            <FieldError id={`${id}-expiry-error`} field="expiry" message={errors.expiry} />
          </div>
        </div>

        <FieldError id={`${id}-form-error`} field="form" message={errors.form} />

        <button
          type="submit"
          disabled={pending}
          className="inline-flex w-full items-center justify-center rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm transition hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60 sm:w-auto"
        >
          {pending ? "Shortening…" : "Shorten"}
        </button>
      </form>

      {created && (
        <div data-testid="created-link" className="mt-5 rounded-xl border border-emerald-200 bg-emerald-50 p-4">
          <p className="text-sm font-medium text-emerald-800">Your short link is ready</p>
          <div className="mt-2 flex items-center gap-2">
            <a
              href={created.shortUrl}
              target="_blank"
              rel="noopener"
              data-testid="created-short-url"
              className="min-w-0 flex-1 truncate rounded-lg bg-white px-3 py-2 font-mono text-sm font-medium text-slate-900 ring-1 ring-emerald-200 ring-inset hover:text-indigo-700"
            >
              {created.shortUrl}
            </a>
            <CopyButton text={created.shortUrl} />
          </div>
          <p className="mt-2 truncate text-xs text-emerald-800/80" title={created.url}>
            → {displayUrl(created.url)}
          </p>
          <Link
            href={`/links/${created.code}`}
            className="mt-3 inline-block text-sm font-semibold text-indigo-600 hover:text-indigo-700"
          >
            Watch its clicks live →
          </Link>
        </div>
      )}
    </div>
  );
}
