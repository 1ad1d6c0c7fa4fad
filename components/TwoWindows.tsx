// The home page's invitation to try a demo the way it is meant to be seen: in two windows side
// by side. A drawing of two browser windows showing the same chat, and the three steps.

import type { ReactNode } from "react";

function Window({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
      <div className="flex items-center gap-1.5 border-b border-slate-100 bg-slate-50 px-3 py-2" aria-hidden="true">
        <span className="h-2 w-2 rounded-full bg-slate-300" />
        <span className="h-2 w-2 rounded-full bg-slate-300" />
        <span className="h-2 w-2 rounded-full bg-slate-300" />
        <span className="ml-2 text-[0.6875rem] font-medium text-slate-600">{label}</span>
      </div>
      <div className="space-y-2 p-3 text-xs">{children}</div>
    </div>
  );
}

function Bubble({ own, text }: { own?: boolean; text: string }) {
  return (
    <p
      className={`w-fit max-w-[85%] rounded-2xl px-2.5 py-1.5 leading-snug ${
        own ? "ml-auto bg-indigo-600 text-white" : "bg-slate-100 text-slate-800"
      }`}
    >
      {text}
    </p>
  );
}

export function TwoWindows() {
  return (
    <section
      aria-labelledby="two-windows-title"
      className="rounded-2xl border border-indigo-100 bg-indigo-50/60 p-5 shadow-sm"
      data-testid="two-windows"
    >
      <h2 id="two-windows-title" className="text-base font-semibold text-slate-900">
        Open it in two windows side by side
      </h2>
      <div className="mt-4 grid grid-cols-2 gap-3" aria-hidden="true">
        <Window label="Window 1">
          <Bubble text="Anyone here?" />
          <Bubble own text="Hi there!" />
        </Window>
        <Window label="Window 2">
          <Bubble own text="Anyone here?" />
          <Bubble text="Hi there!" />
        </Window>
      </div>
      <ol className="mt-4 list-inside list-decimal space-y-1 text-sm leading-6 text-slate-700">
        <li>Open a demo, then the same page in a second window — or on your phone.</li>
        <li>Send a message, like a post or click a short link in one.</li>
        <li>Watch the other one change by itself.</li>
      </ol>
    </section>
  );
}
