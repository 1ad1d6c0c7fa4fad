// The posts a fresh LiveKV shows, so the demo has something to like and discuss. Content
// only; seeding them is demo.ts. Ids and dates are fixed: seeding is keyed on the id.

import type { Comment, PostRecord } from "./types";

export interface DemoPost {
  post: PostRecord;
  /** Seeded with the post, in the same commit; their ids are derived from createdAt. */
  comments: Omit<Comment, "postId" | "id">[];
}

export const DEMO_POSTS: readonly DemoPost[] = [
  {
    post: {
      id: "why-we-stopped-polling",
      title: "Why we stopped polling",
      summary:
        "Polling every few seconds looks harmless until you multiply it by every open tab. Pushing changes costs in proportion to what changes, not to who is watching.",
      body: [
        "Our first dashboard refreshed itself every five seconds. It felt live enough, until we counted: 2,000 open tabs meant 400 requests a second against data that changed maybe twice a minute. Almost every response said “nothing new”.",
        "Polling has two dials and both are bad. Turn the interval down and the cost goes up with the number of clients; turn it up and users wait, on average, half an interval for news that already happened.",
        "Pushing turns that around. The server learns about a change once and sends it to the pages that care, so the cost follows the number of changes. With Server-Sent Events and a key-value store that can be watched, that is a few dozen lines on each side.",
        "The like counter under this post is the proof: open it in two windows and click.",
      ],
      author: "Mara Lindqvist",
      publishedAt: "2026-09-14T08:30:00.000Z",
      tags: ["real-time", "architecture"],
    },
    comments: [
      {
        author: "Tomás",
        text: "We had the same graph: a flat line of 304s. Switching to SSE cut our API traffic by 90 %.",
        createdAt: "2026-09-14T10:02:00.000Z",
      },
      {
        author: "Priya",
        text: "Half the interval is the part people forget. A 10 s poll is a 5 s delay on average, forever.",
        createdAt: "2026-09-14T11:40:00.000Z",
      },
    ],
  },
  {
    post: {
      id: "deno-kv-watch-on-redis",
      title: "Deno KV’s watch(), on any Redis",
      summary:
        "Deno KV made “subscribe to a key” a one-liner. LiveKV brings the same API to Node by listening to Redis keyspace notifications.",
      body: [
        "Deno KV’s watch() takes a list of keys and gives back a stream: first their current values, then new ones whenever a commit changes them. No separate pub/sub service, no message format to design: the data is the message.",
        "LiveKV implements the same API on Redis. Every commit is one Lua script, so checks and mutations are atomic. Redis publishes a keyspace notification for every key it writes, and one watch hub per process subscribes to exactly the keys its watchers care about.",
        "When a notification arrives the hub re-reads the key once, however many watchers share it, and hands each of them the new snapshot. A slow reader only ever holds the latest one, so memory stays flat whatever the write rate.",
      ],
      author: "Jonas Weber",
      publishedAt: "2026-10-02T14:00:00.000Z",
      tags: ["deno-kv", "redis"],
    },
    comments: [
      {
        author: "Ana",
        text: "Does it survive a Redis restart? Keyspace notifications are fire-and-forget.",
        createdAt: "2026-10-02T15:12:00.000Z",
      },
      {
        author: "Jonas Weber",
        text: "It does: after the subscriber reconnects, the hub re-reads every watched key, so anything missed while it was down still arrives.",
        createdAt: "2026-10-02T15:37:00.000Z",
      },
    ],
  },
  {
    post: {
      id: "one-like-one-commit",
      title: "One like per visitor, in one commit",
      summary:
        "A double click or a second tab must never count twice. An atomic check on a per-visitor marker makes that a property of the data, not of the button.",
      body: [
        "The naive like button increments a counter. Click it twice quickly, or in two tabs, and the count is wrong for good.",
        "Here a like is a single atomic commit with three parts: check that this visitor’s marker key does not exist, create it, and add one to the post’s counter. If two requests race, exactly one commit passes its check; the other sees the marker and changes nothing.",
        "Unliking mirrors it: check the marker is still the one we read, delete it, and add 2^64 − 1 to the counter. Counters are unsigned 64-bit integers that wrap around, so that is exactly minus one, and the marker check guarantees there was a like to take back.",
      ],
      author: "Mara Lindqvist",
      publishedAt: "2026-10-21T09:15:00.000Z",
      tags: ["deno-kv", "consistency"],
    },
    comments: [
      {
        author: "Felix",
        text: "Adding 2^64 − 1 to subtract one is delightfully cursed. And correct.",
        createdAt: "2026-10-21T12:20:00.000Z",
      },
    ],
  },
  {
    post: {
      id: "server-sent-events-are-enough",
      title: "Server-Sent Events are enough",
      summary:
        "Most live pages only need the server to talk. SSE does that over plain HTTP, reconnects by itself and resumes where it left off.",
      body: [
        "WebSockets are the reflex answer to “make it live”, but a counter or a comment feed only flows one way. Sending a like is an ordinary POST; hearing about everyone else’s is a stream.",
        "Server-Sent Events are that stream: a long-lived HTTP response of text events. They pass through proxies that understand HTTP, need no upgrade handshake, and the browser reconnects on its own.",
        "Every event carries an id. After a dropped connection the client sends the last one back, and the server resumes right after it: for comments that means no gap and no duplicate; for counters, the first event is simply the current state.",
      ],
      author: "Noor Haddad",
      publishedAt: "2026-11-09T16:45:00.000Z",
      tags: ["sse", "real-time"],
    },
    comments: [],
  },
];
