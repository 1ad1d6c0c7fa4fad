// Who is asking, in chat terms: the public member id shown to others, and the sender a rate
// limit counts (see rate.ts). A request without the cookie gets a new visitor and cookie,
// so a browser is the same member from its first request on — paid for from its address's
// new-visitor budget, past which the request is refused (lib/visitor's getVisitorId).

import { clientAddress } from "@/lib/http";
import type { Kv } from "@/lib/kv";
import { getVisitorId, readVisitorId } from "@/lib/visitor";
import { memberIdOf } from "./member";
import type { Sender } from "./rate";

export interface ChatVisitor {
  memberId: string;
  sender: Sender;
  /** A Set-Cookie value to add to the response (a new visitor), or null. */
  setCookie: string | null;
}

export async function chatVisitor(request: Request, kv: Kv): Promise<ChatVisitor> {
  const visitor = await getVisitorId(request, kv);
  const known = visitor.setCookie === null;
  return {
    memberId: memberIdOf(visitor.id),
    sender: { visitorId: known ? visitor.id : null, address: clientAddress(request) },
    setCookie: visitor.setCookie,
  };
}

/** The response with the visitor's new cookie, when there is one. */
export function withVisitorCookie(response: Response, setCookie: string | null): Response {
  if (setCookie !== null) response.headers.append("Set-Cookie", setCookie);
  return response;
}

/** The member id of a Cookie header's visitor (server components read headers, not a
 * Request), or null for a new visitor. */
export async function memberIdFromCookies(cookieHeader: string | null, kv: Kv): Promise<string | null> {
  if (cookieHeader === null) return null;
  const visitorId = await readVisitorId(new Request("http://cookie.invalid/", { headers: { cookie: cookieHeader } }), kv);
  return visitorId === null ? null : memberIdOf(visitorId);
}
