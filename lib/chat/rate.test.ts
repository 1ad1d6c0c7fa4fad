// Chat's rate limits against a real redis-server: a write counts against its visitor and its
// address, and one either refuses uses up neither.
import { describe, expect, it } from "vitest";
import { useKvTestEnv } from "@/lib/kv/test-support";
import { MESSAGE_RATE } from "./limits";
import { takeChatToken } from "./rate";

const env = useKvTestEnv();

describe("takeChatToken", () => {
  it("a message its address refuses uses up none of its visitor's own budget", async () => {
    const kv = await env.open();
    const now = 1_000_000_000;
    // Others behind the address use up its budget.
    for (let i = 0; i < MESSAGE_RATE.limit; i++) {
      expect((await takeChatToken(kv, "chat-message", { visitorId: `neighbour-${i}`, address: "198.51.100.21" }, now)).ok).toBe(true);
    }
    for (let i = 0; i < 5; i++) {
      expect((await takeChatToken(kv, "chat-message", { visitorId: "traveller", address: "198.51.100.21" }, now)).ok).toBe(false);
    }
    // From another address the visitor still has its whole budget.
    const elsewhere = [];
    for (let i = 0; i <= MESSAGE_RATE.limit; i++) {
      elsewhere.push((await takeChatToken(kv, "chat-message", { visitorId: "traveller", address: "198.51.100.22" }, now)).ok);
    }
    expect(elsewhere).toEqual([...Array<boolean>(MESSAGE_RATE.limit).fill(true), false]);
  });
});
