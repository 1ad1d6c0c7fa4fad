// A post's Markdown (lib/posts/markdown's subset) as React elements. Text only ever reaches
// the page as React text nodes, escaped; the one attribute taken from the post is a link's
// href, which parseMarkdown gives only for absolute http(s) URLs.

import { Fragment, type ReactNode } from "react";
import { LINK_REL, parseMarkdown, type MarkdownBlock, type MarkdownInline } from "@/lib/posts/markdown";

function inline(nodes: readonly MarkdownInline[]): ReactNode[] {
  return nodes.map((node, i) => {
    switch (node.type) {
      case "text":
        return <Fragment key={i}>{node.text}</Fragment>;
      case "break":
        return <br key={i} />;
      case "code":
        return (
          <code key={i} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.9em] text-slate-800">
            {node.text}
          </code>
        );
      case "strong":
        return (
          <strong key={i} className="font-semibold text-slate-900">
            {inline(node.children)}
          </strong>
        );
      case "em":
        return <em key={i}>{inline(node.children)}</em>;
      case "link":
        return (
          <a
            key={i}
            href={node.href}
            rel={LINK_REL}
            target="_blank"
            className="font-medium text-rose-700 underline decoration-rose-300 underline-offset-2 [overflow-wrap:anywhere] hover:decoration-rose-600"
          >
            {inline(node.children)}
          </a>
        );
    }
  });
}

const HEADING_CLASS = {
  2: "text-2xl font-bold tracking-tight text-slate-900",
  3: "text-xl font-semibold tracking-tight text-slate-900",
  4: "text-lg font-semibold text-slate-900",
} as const;

function block(node: MarkdownBlock, i: number): ReactNode {
  switch (node.type) {
    case "paragraph":
      return (
        <p key={i} className="text-pretty [overflow-wrap:anywhere]">
          {inline(node.children)}
        </p>
      );
    case "heading": {
      const Tag = `h${node.level}` as const;
      return (
        <Tag key={i} className={`pt-2 ${HEADING_CLASS[node.level]}`}>
          {inline(node.children)}
        </Tag>
      );
    }
    case "list": {
      const items = node.items.map((item, j) => (
        <li key={j} className="pl-1 [overflow-wrap:anywhere]">
          {inline(item)}
        </li>
      ));
      return node.ordered ? (
        <ol key={i} start={node.start} className="list-decimal space-y-1 pl-6">
          {items}
        </ol>
      ) : (
        <ul key={i} className="list-disc space-y-1 pl-6">
          {items}
        </ul>
      );
    }
    case "quote":
      return (
        <blockquote key={i} className="border-l-4 border-rose-200 pl-4 text-slate-600 italic">
          {inline(node.children)}
        </blockquote>
      );
    case "code":
      return (
        <pre key={i} className="overflow-x-auto rounded-xl bg-slate-900 p-4 font-mono text-sm leading-6 text-slate-100">
          <code>{node.text}</code>
        </pre>
      );
  }
}

export function Markdown({ source }: { source: string }) {
  return <div data-testid="post-body" className="space-y-5">{parseMarkdown(source).map(block)}</div>;
}
