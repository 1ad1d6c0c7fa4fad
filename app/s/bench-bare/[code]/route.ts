// The benchmark's baseline (bench/links.ts): the same 302 as /s/{code}, from the same
// Next.js server, without Redis — so "redirects/s with click recording ÷ this" is the cost
// of recording the click. It exists only for the benchmark: 404 unless the server runs
// with LIVEKV_BENCH=1, so a deployed app has no such route.

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const NOT_FOUND = { error: { code: "not_found", message: "Not found." } };

export async function GET(_request: Request, context: { params: Promise<{ code: string }> }): Promise<Response> {
  if (process.env.LIVEKV_BENCH !== "1") return Response.json(NOT_FOUND, { status: 404 });
  // Awaited as /s/{code} does, so both routes do the same routing work.
  await context.params;
  const location = process.env.LIVEKV_BENCH_TARGET ?? "https://example.com/";
  return new Response(null, { status: 302, headers: { Location: location, "Cache-Control": "no-store" } });
}
