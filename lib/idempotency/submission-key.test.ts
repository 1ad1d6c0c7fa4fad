// The browser's clientIds: one per submission, the same while the same request is resent.
import { describe, expect, it } from "vitest";
import { normalizeClientId } from "./client-id";
import { SubmissionKeys } from "./submission-key";

describe("SubmissionKeys", () => {
  it("resending the same request reuses its clientId; a changed one or one after a success gets a new one", () => {
    const keys = new SubmissionKeys();
    const first = keys.clientIdFor('{"name":"Lobby"}');
    expect(keys.clientIdFor('{"name":"Lobby"}')).toBe(first);
    const changed = keys.clientIdFor('{"name":"Lobby 2"}');
    expect(changed).not.toBe(first);
    keys.succeeded();
    expect(keys.clientIdFor('{"name":"Lobby 2"}')).not.toBe(changed);
  });

  it("makes clientIds the server accepts", () => {
    const id = new SubmissionKeys().clientIdFor("{}");
    expect(normalizeClientId(id)).toBe(id);
  });
});
