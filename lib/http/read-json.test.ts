// readJson: size cap, JSON syntax, content type and zod validation each get their own 4xx.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readJson } from "./read-json";

const schema = z.object({ url: z.string(), n: z.number().optional() });

function post(body: BodyInit | null, headers: Record<string, string> = { "content-type": "application/json" }) {
  return new Request("http://app.test/api/x", { method: "POST", body, headers });
}

async function errorOf(result: Awaited<ReturnType<typeof readJson>>) {
  if (result.ok) throw new Error("expected a failure");
  return { status: result.response.status, body: (await result.response.json()) as { error: { code: string; message: string } } };
}

describe("readJson", () => {
  it("returns the parsed, validated data", async () => {
    const result = await readJson(post(JSON.stringify({ url: "https://a.example", extra: 1 })), schema);
    expect(result).toEqual({ ok: true, data: { url: "https://a.example" } });
  });

  it("accepts application/json with a charset and +json types", async () => {
    for (const type of ["application/json; charset=utf-8", "application/merge-patch+json"]) {
      const result = await readJson(post(JSON.stringify({ url: "x" }), { "content-type": type }), schema);
      expect(result.ok).toBe(true);
    }
  });

  it("415 without a JSON content type (so a cross-site form can't post)", async () => {
    const { status, body } = await errorOf(await readJson(post("url=x", { "content-type": "application/x-www-form-urlencoded" }), schema));
    expect(status).toBe(415);
    expect(body.error.code).toBe("unsupported_media_type");
    expect((await errorOf(await readJson(post("{}", {}), schema))).status).toBe(415);
  });

  it("400 invalid_json for a body that is not JSON, or empty", async () => {
    for (const text of ["{url:", ""]) {
      const { status, body } = await errorOf(await readJson(post(text), schema));
      expect(status).toBe(400);
      expect(body.error.code).toBe("invalid_json");
    }
  });

  it("413 when the body is larger than maxBytes, declared or not", async () => {
    const big = JSON.stringify({ url: "x".repeat(20_000) });
    expect((await errorOf(await readJson(post(big), schema))).status).toBe(413);
    // A streamed body has no Content-Length: the cap is enforced while reading.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode("x".repeat(1000)));
        controller.close();
      },
    });
    const streamed = new Request("http://app.test/", {
      method: "POST",
      body: stream,
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit & { duplex: "half" });
    const { status, body } = await errorOf(await readJson(streamed, schema, { maxBytes: 5000 }));
    expect(status).toBe(413);
    expect(body.error.code).toBe("payload_too_large");
  });

  it("422 validation_failed with zod's messages naming the field", async () => {
    const { status, body } = await errorOf(await readJson(post(JSON.stringify({ url: 5 })), schema));
    expect(status).toBe(422);
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.message).toMatch(/^url: /);
    expect((await errorOf(await readJson(post("[1,2]"), schema))).status).toBe(422);
  });
});
