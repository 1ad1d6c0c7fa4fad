// The shapes the chat API accepts, checked at the edge with zod: types and gross sizes only.
// The rules (trimmed lengths, one-line names, unique room names) are lib/chat's own, with
// their own error codes, so every caller — routes, tools, tests — gets the same answers.

import { z } from "zod";
import { clientIdField } from "@/lib/idempotency/client-id";
import { MAX_PAGE_SIZE } from "./limits";

// Generous caps: bodies past these are not near-misses of a valid value, they are junk.
const NAME_CAP = 1_000;
const TEXT_CAP = 20_000;

export const createRoomBody = z.object({
  name: z.string({ error: "name is required and must be a string" }).max(NAME_CAP, "name is too long"),
  clientId: clientIdField,
});

export const sendMessageBody = z.object({
  author: z.string({ error: "author is required and must be a string" }).max(NAME_CAP, "author is too long"),
  text: z.string({ error: "text is required and must be a string" }).max(TEXT_CAP, "text is too long"),
  clientId: clientIdField,
});

export const editMessageBody = z.object({
  text: z.string({ error: "text is required and must be a string" }).max(TEXT_CAP, "text is too long"),
});

export const presenceBody = z.object({
  name: z.string({ error: "name is required and must be a string" }).max(NAME_CAP, "name is too long"),
});

export const typingBody = z.object({
  typing: z.boolean({ error: "typing must be true or false" }).default(true),
});

export const messagesQuery = z
  .object({
    before: z.string().min(1, "before must not be empty").max(4_096, "before is too long").optional(),
    after: z.string().min(1, "after must not be empty").max(32, "after is too long").optional(),
    limit: z.coerce
      .number({ error: "limit must be a number" })
      .int("limit must be a whole number")
      .min(1, "limit must be at least 1")
      .max(MAX_PAGE_SIZE, `limit must be at most ${MAX_PAGE_SIZE}`)
      .optional(),
  })
  .refine((query) => query.before === undefined || query.after === undefined, {
    message: "Use before or after, not both.",
  });

export type SendMessageBody = z.output<typeof sendMessageBody>;
export type MessagesQuery = z.output<typeof messagesQuery>;
