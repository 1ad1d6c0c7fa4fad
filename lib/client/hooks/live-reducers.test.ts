import { describe, expect, it } from "vitest";
import { appendById, replaceWith } from "./live-reducers";

const event = (type: string, data: unknown, id = "") => ({ type, id, data });

describe("replaceWith", () => {
  it("keeps the newest state of its type and ignores other events", () => {
    const reduce = replaceWith<{ clicks: number }>("stats");
    const one = reduce(undefined, event("stats", { clicks: 1 }));
    expect(one).toEqual({ clicks: 1 });
    expect(reduce(one, event("presence", ["ann"]))).toBe(one);
    expect(reduce(one, event("stats", { clicks: 2 }))).toEqual({ clicks: 2 });
  });
});

describe("appendById", () => {
  type Message = { id: string; text: string };
  const reduce = appendById<Message>("message", (m) => m.id, 3);

  it("appends new items once, whatever is replayed", () => {
    let log: Message[] | undefined = [{ id: "1", text: "server-rendered" }];
    for (const id of ["1", "2", "2", "3"]) log = reduce(log, event("message", { id, text: id }, id));
    expect(log.map((m) => m.id)).toEqual(["1", "2", "3"]);
  });

  it("keeps only the newest `limit` items", () => {
    let log: Message[] | undefined;
    for (const id of ["1", "2", "3", "4"]) log = reduce(log, event("message", { id, text: id }, id));
    expect(log?.map((m) => m.id)).toEqual(["2", "3", "4"]);
  });

  it("returns the same array for unrelated or repeated events (no needless re-render)", () => {
    const log = reduce(undefined, event("message", { id: "1", text: "a" }));
    expect(reduce(log, event("presence", 2))).toBe(log);
    expect(reduce(log, event("message", { id: "1", text: "a" }))).toBe(log);
  });
});
