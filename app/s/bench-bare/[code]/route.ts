// The benchmark's baseline (bench/links.ts): the same 302 as /s/{code}, from the same
// Next.js server, without Redis — so "redirects/s with click recording ÷ this" is the cost
// of recording the click. It lives under /s/ so that every layer in front of the route
// handlers treats both alike (proxy.ts skips /s/ but runs for /api/: a baseline under /api/
// would pay for the proxy and flatter the click route). Two path segments, so it never
// shadows a short code. It exists only for the benchmark: 404 unless the server runs with
// LIVEKV_BENCH=1, so a deployed app has no such route.

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(_request: Request, context: { params: Promise<{ code: string }> }): Promise<Response> {
  if (process.env.LIVEKV_BENCH !== "1") {
    return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  }
  // Awaited as /s/{code} does, so both routes do the same routing work.
  await context.params;
  const location = process.env.LIVEKV_BENCH_TARGET ?? "https://example.com/";
  return new Response(null, { status: 302, headers: { Location: location, "Cache-Control": "no-store" } });
}
