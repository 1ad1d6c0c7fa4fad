import { describe, expect, it } from "vitest";
import { notificationsReport } from "./notifications";

const node = (flags: string | null, i = 0) => ({ node: `10.0.0.${i}:6379`, flags });

describe("notificationsReport", () => {
  it("is on with the common setting when every node has what watches need", () => {
    expect(notificationsReport([node("Kg$xe", 1), node("KEA", 2)])).toEqual({
      enabled: true,
      flags: null, // the settings differ
      nodes: { checked: 2, off: 0, unknown: 0 },
    });
    expect(notificationsReport([node("KEA", 1), node("KEA", 2)]).flags).toBe("KEA");
  });

  it("is off when any node lacks them, even when another could not be read", () => {
    expect(notificationsReport([node("KEA"), node("Kg$", 1), node(null, 2)])).toEqual({
      enabled: false,
      flags: null,
      nodes: { checked: 3, off: 1, unknown: 1 },
    });
  });

  it("is unknown when a node did not say and none is off, or when no node answered", () => {
    expect(notificationsReport([node("KEA"), node(null, 1)]).enabled).toBeNull();
    expect(notificationsReport([])).toEqual({ enabled: null, flags: null, nodes: { checked: 0, off: 0, unknown: 0 } });
  });
});
