import Link from "next/link";
import { DemoCard, type DemoCardProps } from "@/components/DemoCard";
import { TwoWindows } from "@/components/TwoWindows";
import { ChatIcon, HeartIcon, LinkIcon } from "@/components/icons";

const DEMOS: readonly DemoCardProps[] = [
  {
    title: "Shortlinks",
    tagline: "Shorten a link, share it, and watch each click land on its analytics page as it happens.",
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
    tagline: "Rooms where every message reaches everyone at once, with who is here and who is typing.",
    features: [
      "Messages pushed to every open tab",
      "Presence: who is here right now",
      "Resumes after a dropped connection, no gaps",
    ],
    Icon: ChatIcon,
    href: "/chat",
    accent: "bg-emerald-50 text-emerald-700",
  },
  {
    title: "Posts",
    tagline: "Articles whose likes and comments count up in front of every reader.",
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
      <section className="grid gap-10 py-12 sm:py-16 lg:grid-cols-[1fr_24rem] lg:items-center lg:gap-14">
        <div>
          <p className="inline-flex items-center gap-2 rounded-full border border-indigo-100 bg-indigo-50 px-3 py-1 text-xs font-medium text-indigo-700">
            Deno KV API · Redis · Server-Sent Events
          </p>
          <h1 className="mt-5 text-4xl font-bold tracking-tight text-balance text-slate-900 sm:text-5xl">
            A key-value store your web app can subscribe to.
          </h1>
          <p className="mt-5 max-w-2xl text-lg leading-8 text-pretty text-slate-600">
            With LiveKV, a page shows data and stays right: when anyone changes it, every open page
            updates within milliseconds — no refresh, no polling. Try it below: three small apps
            built on it, each live for everyone who has it open.
          </p>
          <div className="mt-8 flex flex-wrap gap-3">
            <Link
              href="/chat"
              className="rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm transition hover:bg-indigo-500"
            >
              Try the chat
            </Link>
            <a
              href="#demos-title"
              className="rounded-lg bg-white px-4 py-2.5 text-sm font-semibold text-slate-900 shadow-sm ring-1 ring-slate-300 transition ring-inset hover:bg-slate-50"
            >
              See all three demos
            </a>
          </div>
        </div>
        <TwoWindows />
      </section>

      <section aria-labelledby="demos-title" className="scroll-mt-20 pb-12">
        <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
          <h2 id="demos-title" className="scroll-mt-20 text-2xl font-semibold tracking-tight text-slate-900">
            Live demos
          </h2>
          <p className="text-sm text-slate-600">
            Open one in two windows side by side: what you do in one shows in the other.
          </p>
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
              <span className="font-mono text-xs text-indigo-700">0{i + 1}</span>
              <p className="mt-1 font-semibold text-slate-900">{step}</p>
              <p className="mt-1 text-sm leading-6 text-slate-600">{text}</p>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
