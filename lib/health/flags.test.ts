import { describe, expect, it } from "vitest";
import { keyspaceNotificationsEnabled } from "./flags";

describe("keyspaceNotificationsEnabled", () => {
  it("accepts the flags the managed Redis sets, in any order Redis reports them", () => {
    expect(keyspaceNotificationsEnabled("Kg$xe")).toBe(true);
    expect(keyspaceNotificationsEnabled("$gxeK")).toBe(true);
  });

  it("accepts the A alias for every event class", () => {
    expect(keyspaceNotificationsEnabled("AK")).toBe(true);
    expect(keyspaceNotificationsEnabled("KEA")).toBe(true);
  });

  it("rejects an empty setting and keyevent-only settings", () => {
    expect(keyspaceNotificationsEnabled("")).toBe(false);
    expect(keyspaceNotificationsEnabled("EA")).toBe(false);
  });

  it("rejects settings missing a class the watch hub needs", () => {
    expect(keyspaceNotificationsEnabled("Kg$e")).toBe(false); // no expired events
    expect(keyspaceNotificationsEnabled("Kgxe")).toBe(false); // no string writes
  });
});
