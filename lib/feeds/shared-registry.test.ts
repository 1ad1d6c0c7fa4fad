import { describe, expect, it } from "vitest";
import { SharedRegistry } from "./shared-registry";

describe("SharedRegistry", () => {
  it("makes one thing per key for all its holders and closes it after the last lets go", () => {
    const closed: string[] = [];
    const registry = new SharedRegistry<{ name: string }>((thing) => closed.push(thing.name));
    const owner = {};
    let made = 0;
    const make = () => ({ name: `x${++made}` });
    const a = registry.acquire(owner, "x", make);
    const b = registry.acquire(owner, "x", make);
    expect(made).toBe(1);
    expect(b.value).toBe(a.value);
    expect(registry.size(owner)).toBe(1);

    a.release();
    a.release(); // a second release of the same hold changes nothing
    expect(closed).toEqual([]);
    b.release();
    expect(closed).toEqual(["x1"]);
    expect(registry.size(owner)).toBe(0);
    // The next holder gets a new one.
    expect(registry.acquire(owner, "x", make).value.name).toBe("x2");
    expect(registry.created).toBe(2);
  });

  it("keeps each owner's things apart", () => {
    const registry = new SharedRegistry<object>(() => undefined);
    const one = registry.acquire({}, "x", () => ({}));
    const other = registry.acquire({}, "x", () => ({}));
    expect(other.value).not.toBe(one.value);
  });

  it("gives a forgotten thing to no new holder, and closes it when its own holders let go", () => {
    const closed: number[] = [];
    const registry = new SharedRegistry<{ id: number; forget: () => void }>((thing) => closed.push(thing.id));
    const owner = {};
    let made = 0;
    const make = (forget: () => void) => ({ id: ++made, forget });
    const held = registry.acquire(owner, "x", make);
    held.value.forget();
    expect(registry.size(owner)).toBe(0);

    const fresh = registry.acquire(owner, "x", make);
    expect(fresh.value.id).toBe(2);
    held.release();
    expect(closed).toEqual([1]);
    // Forgetting the old one again must not drop the fresh one.
    held.value.forget();
    expect(registry.acquire(owner, "x", make).value).toBe(fresh.value);
  });

  it("lists the things of an owner held now", () => {
    const registry = new SharedRegistry<string>(() => undefined);
    const owner = {};
    registry.acquire(owner, "a", () => "A");
    const b = registry.acquire(owner, "b", () => "B");
    expect(registry.values(owner)).toEqual(["A", "B"]);
    b.release();
    expect(registry.values(owner)).toEqual(["A"]);
  });
});
