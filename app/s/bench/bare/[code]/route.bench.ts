// The benchmark's baseline (bench/links.ts): the same 302 as /s/{code}, from the same
// Next.js server, without Redis — so "redirects/s with click recording ÷ this" is the cost
// of recording the click. It lives under /s/ so that every layer in front of the route
// handlers treats both alike (proxy.ts skips /s/ but runs for /api/: a baseline under /api/
// would pay for the proxy and flatter the click route). Three path segments, so it never
// shadows a short code. A route only in the benchmarks' own build (the .bench.ts extension,
// next.config.ts), so the app has no such route.

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(_request: Request, context: { params: Promise<{ code: string }> }): Promise<Response> {
  // Awaited as /s/{code} does, so both routes do the same routing work.
  await context.params;
  const location = process.env.LIVEKV_BENCH_TARGET ?? "https://example.com/";
  return new Response(null, { status: 302, headers: { Location: location, "Cache-Control": "no-store" } });
}
