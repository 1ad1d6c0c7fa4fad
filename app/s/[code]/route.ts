// GET|HEAD /s/{code}: the redirect (lib/links/redirect.ts says what it does). In the app's own
// server the node:http front answers these before Next (lib/links/redirect-front.ts); this
// handler serves them wherever the app runs without it (`next start`, any Next.js host), and
// Next adds the security headers next.config.ts gives every /s/ path.
import { answerRedirect, redirectHeaders } from "@livekv/server/links";
import { getKv } from "@livekv/server/server";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Context = { params: Promise<{ code: string }> };

async function follow(request: Request, context: Context): Promise<Response> {
  const { code } = await context.params;
  const answer = await answerRedirect(getKv, request, code);
  const body = answer.status === 302 || request.method === "HEAD" ? null : answer.html;
  return new Response(body, { status: answer.status, headers: redirectHeaders(answer) });
}

export function GET(request: Request, context: Context): Promise<Response> {
  return follow(request, context);
}

export function HEAD(request: Request, context: Context): Promise<Response> {
  return follow(request, context);
}
