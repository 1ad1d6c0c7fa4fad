import type { ComponentType } from "react";

export interface DemoCardProps {
  title: string;
  tagline: string;
  features: readonly string[];
  Icon: ComponentType<{ className?: string }>;
  /** Tailwind classes for the icon tile, so each demo has its own colour. */
  accent: string;
  /** Where the demo lives; absent while the page is still being built, so no dead link is shown. */
  href?: string;
}

export function DemoCard({ title, tagline, features, Icon, accent, href }: DemoCardProps) {
  const body = (
    <>
      <div className="flex items-start justify-between gap-3">
        <span className={`inline-flex h-11 w-11 items-center justify-center rounded-xl ${accent}`}>
          <Icon className="h-6 w-6" />
        </span>
        {href ? (
          <span className="text-sm font-medium text-indigo-600 group-hover:translate-x-0.5 transition">
            Open →
          </span>
        ) : (
          <span className="rounded-full bg-slate-100 px-2.5 py-1 text-xs font-medium text-slate-500">
            Coming next
          </span>
        )}
      </div>
      <h3 className="mt-5 text-lg font-semibold text-slate-900">{title}</h3>
      <p className="mt-1 text-sm leading-6 text-slate-600">{tagline}</p>
      <ul className="mt-4 space-y-2 text-sm text-slate-600">
        {features.map((feature) => (
          <li key={feature} className="flex gap-2">
            <span className="mt-2 h-1.5 w-1.5 flex-none rounded-full bg-indigo-400" aria-hidden="true" />
            {feature}
          </li>
        ))}
      </ul>
    </>
  );

  const frame = "flex h-full flex-col rounded-2xl border border-slate-200 bg-white p-6 shadow-sm";
  return (
    <article data-testid="demo-card" aria-label={title} className="h-full">
      {href ? (
        <a href={href} className={`group ${frame} transition hover:border-indigo-300 hover:shadow-md`}>
          {body}
        </a>
      ) : (
        <div className={frame}>{body}</div>
      )}
    </article>
  );
}
