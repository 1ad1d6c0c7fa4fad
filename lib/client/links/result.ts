// What a link-management call gives its form: the value, or the server's own words (a
// stand-in when it gave none or could not be reached), to show beside the control.

import { ApiError } from "@/lib/client/api";

export type CallResult<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

export function failureOf(error: unknown): { ok: false; code: string; message: string } {
  if (!(error instanceof ApiError)) throw error;
  if (error.status === 0) return { ok: false, code: error.code, message: "Could not reach the server. Check your connection and try again." };
  return { ok: false, code: error.code, message: error.messageOr(`The server answered ${error.status}. Please try again.`) };
}
