import { DemoCard, type DemoCardProps } from "@/components/DemoCard";
import { ChatIcon, HeartIcon, LinkIcon } from "@/components/icons";
import { HealthStatus } from "@/components/HealthStatus";

const DEMOS: readonly DemoCardProps[] = [
  {
    title: "Shortlinks",
    tagline: "Shorten a URL and watch its clicks arrive as they happen.",
    features: [
      "Live click counter and per-minute chart",
      "Referrers, countries, browsers and devices",
      "A feed of recent clicks",
    ],
    Icon: LinkIcon,
    href: "/links",
    accent: "bg-indigo-50 text-indigo-600",
  },
  {
    title: "Chat rooms",
    tagline: "Every message reaches everyone in the room at once.",
    features: [
      "Messages pushed to every open tab",
      "Presence: who is here right now",
      "Resumes after a dropped connection, no gaps",
    ],
    Icon: ChatIcon,
    href: "/chat",
    accent: "bg-emerald-50 text-emerald-600",
  },
  {
    title: "Posts",
    tagline: "Likes and comments that count up in front of you.",
    features: [
      "Live like and comment counters",
      "New comments appear without a reload",
      "One like per visitor, committed atomically",
    ],
    Icon: HeartIcon,
    href: "/posts",
    accent: "bg-rose-50 text-rose-600",
  },
];

const FLOW = [
  { step: "Commit", text: "An atomic write lands in Redis in one round trip." },
  { step: "Notify", text: "Redis publishes a keyspace notification for the key." },
  { step: "Watch", text: "One hub per server re-reads the key once for every watcher." },
  { step: "Push", text: "Server-Sent Events carry the new value to every open page." },
] as const;

export default function HomePage() {
  return (
    <div className="mx-auto max-w-6xl px-4 sm:px-6">
      <section className="grid gap-10 py-12 sm:py-16 lg:grid-cols-[1fr_22rem] lg:items-center lg:gap-14">
        <div>
          <p className="inline-flex items-center gap-2 rounded-full border border-indigo-100 bg-indigo-50 px-3 py-1 text-xs font-medium text-indigo-700">
            Deno KV API · Redis · Server-Sent Events
          </p>
          <h1 className="mt-5 text-4xl font-bold tracking-tight text-balance text-slate-900 sm:text-5xl">
            A key-value store your web app can subscribe to.
          </h1>
          <p className="mt-5 max-w-2xl text-lg leading-8 text-pretty text-slate-600">
            LiveKV brings Deno KV&apos;s programming model — tuple keys, atomic commits, ordered lists
            and <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[0.9em] text-slate-800">watch()</code>{" "}
            — to any Node.js app, on top of Redis. Every change is pushed to the browser over
            Server-Sent Events within milliseconds, so pages stay live without polling.
          </p>
        </div>
        <HealthStatus />
      </section>

      <section aria-labelledby="demos-title" className="pb-12">
        <div className="flex items-baseline justify-between gap-4">
          <h2 id="demos-title" className="text-2xl font-semibold tracking-tight text-slate-900">
            Live demos
          </h2>
          <p className="hidden text-sm text-slate-500 sm:block">Each is built on the same calls: get, list, atomic and watch.</p>
        </div>
        <ul className="mt-6 grid gap-5 md:grid-cols-3">
          {DEMOS.map((demo) => (
            <li key={demo.title}>
              <DemoCard {...demo} />
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="flow-title" className="pb-16">
        <h2 id="flow-title" className="text-2xl font-semibold tracking-tight text-slate-900">
          How a change travels
        </h2>
        <ol className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {FLOW.map(({ step, text }, i) => (
            <li key={step} className="rounded-2xl border border-slate-200 bg-white p-5">
              <span className="font-mono text-xs text-indigo-500">0{i + 1}</span>
              <p className="mt-1 font-semibold text-slate-900">{step}</p>
              <p className="mt-1 text-sm leading-6 text-slate-600">{text}</p>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
