// The rules for what people type, and the ids derived from it. Pure functions, no Redis.
import { describe, expect, it } from "vitest";
import { CodedError } from "@/lib/http/coded-error";
import { isRoomId, roomIdCandidate, seqOf, slugOf } from "./ids";
import { memberIdOf } from "./member";
import {
  codePoints,
  foldRoomName,
  normalizeAuthor,
  normalizeClientId,
  normalizeRoomName,
  normalizeText,
  previewOf,
} from "./validate";

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    // ChatError, or IdempotencyError for a clientId (the rule every create's clientId follows).
    if (error instanceof CodedError) return `${error.status} ${error.code}`;
    throw error;
  }
  throw new Error("expected a CodedError");
}

describe("message text", () => {
  it("is trimmed, keeps inner line breaks, and turns CRLF into LF", () => {
    expect(normalizeText("  hello\r\nworld \n")).toBe("hello\nworld");
  });

  it("must have 1 to 2,000 characters, counted as code points after trimming", () => {
    expect(codeOf(() => normalizeText("   \n\t "))).toBe("422 invalid_text");
    expect(normalizeText("x".repeat(2000))).toHaveLength(2000);
    expect(codeOf(() => normalizeText("x".repeat(2001)))).toBe("422 invalid_text");
    // 2,000 emoji are 4,000 UTF-16 units but 2,000 characters.
    expect(codePoints(normalizeText("😀".repeat(2000)))).toBe(2000);
    expect(codeOf(() => normalizeText("😀".repeat(2001)))).toBe("422 invalid_text");
  });

  it("loses control characters other than line breaks and tabs; markup stays as typed", () => {
    expect(normalizeText("a\u0000b\u001b[31mc\td")).toBe("ab[31mc\td");
    expect(normalizeText("<script>alert(1)</script>")).toBe("<script>alert(1)</script>");
  });
});

describe("author and room names", () => {
  it("are one trimmed line: whitespace runs and line breaks become one space", () => {
    expect(normalizeAuthor("  Ada \n  Lovelace ")).toBe("Ada Lovelace");
    expect(normalizeRoomName("\tFront-end\u2028guild ")).toBe("Front-end guild");
  });

  it("author: 1 to 40 characters", () => {
    expect(codeOf(() => normalizeAuthor("  "))).toBe("422 invalid_author");
    expect(normalizeAuthor("a".repeat(40))).toHaveLength(40);
    expect(codeOf(() => normalizeAuthor("a".repeat(41)))).toBe("422 invalid_author");
  });

  it("room name: 1 to 48 characters", () => {
    expect(codeOf(() => normalizeRoomName(""))).toBe("422 invalid_room_name");
    expect(normalizeRoomName("r".repeat(48))).toHaveLength(48);
    expect(codeOf(() => normalizeRoomName("r".repeat(49)))).toBe("422 invalid_room_name");
  });

  it("drop bidi overrides and invisible characters, so a blank name stays blank", () => {
    expect(normalizeAuthor("\u202eecilA")).toBe("ecilA");
    expect(codeOf(() => normalizeAuthor("\u200b\ufeff"))).toBe("422 invalid_author");
    expect(normalizeAuthor("👩‍💻 dev")).toBe("👩‍💻 dev"); // ZWJ kept
  });

  it("room names fold case, width and spacing for uniqueness", () => {
    expect(foldRoomName("Lobby")).toBe(foldRoomName("LOBBY"));
    expect(foldRoomName("ｌｏｂｂｙ")).toBe(foldRoomName("lobby"));
    expect(foldRoomName("the  lobby")).toBe(foldRoomName("The Lobby"));
    expect(foldRoomName("lobby")).not.toBe(foldRoomName("lobby 2"));
  });
});

describe("ids", () => {
  it("room ids are slugs of the name, with a suffix on retries or when there is no slug", () => {
    expect(slugOf("Front-end Guild!")).toBe("front-end-guild");
    expect(slugOf("Café crème")).toBe("cafe-creme");
    expect(slugOf("日本語")).toBe("");
    expect(slugOf("events")).toBe(""); // /api/rooms/events is the rooms stream
    expect(roomIdCandidate("Lobby", 0)).toBe("lobby");
    expect(roomIdCandidate("Lobby", 1)).toMatch(/^lobby-[a-z2-9]{4}$/);
    expect(roomIdCandidate("日本語", 0)).toMatch(/^room-[a-z2-9]{6}$/);
    for (const id of ["lobby", "a", "room-x7k2", roomIdCandidate("x".repeat(200), 1)]) expect(isRoomId(id)).toBe(true);
    for (const id of ["", "-a", "a-", "A", "a_b", "../x", "a".repeat(61)]) expect(isRoomId(id)).toBe(false);
  });

  it("message ids are decimal seqs; anything else is not one", () => {
    expect(seqOf("0")).toBe(0);
    expect(seqOf("57")).toBe(57);
    for (const id of ["", "-1", "01", "1.5", "1e3", "abc", "9".repeat(16)]) expect(seqOf(id)).toBeNull();
  });

  it("client ids: optional, 8 to 64 url-safe characters", () => {
    expect(normalizeClientId(undefined)).toBeNull();
    expect(normalizeClientId("")).toBeNull();
    expect(normalizeClientId("3f9a0c1e-aaaa-4bbb-8ccc-0123456789ab")).toBe("3f9a0c1e-aaaa-4bbb-8ccc-0123456789ab");
    expect(codeOf(() => normalizeClientId("short"))).toBe("422 invalid_client_id");
    expect(codeOf(() => normalizeClientId("has space in it"))).toBe("422 invalid_client_id");
  });

  it("member ids are stable, opaque, and do not contain the visitor id", () => {
    const visitor = "AAAAAAAAAAAAAAAAAAAAAA";
    expect(memberIdOf(visitor)).toBe(memberIdOf(visitor));
    expect(memberIdOf(visitor)).toMatch(/^[\w-]{16}$/);
    expect(memberIdOf(visitor)).not.toContain(visitor.slice(0, 8));
    expect(memberIdOf("BBBBBBBBBBBBBBBBBBBBBB")).not.toBe(memberIdOf(visitor));
  });
});

describe("previews", () => {
  it("are one line, cut at 140 characters with an ellipsis", () => {
    expect(previewOf("a\nb")).toBe("a b");
    const long = previewOf("word ".repeat(100));
    expect(codePoints(long)).toBeLessThanOrEqual(141);
    expect(long.endsWith("…")).toBe(true);
  });
});
