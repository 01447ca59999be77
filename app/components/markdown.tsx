"use client";

import { memo, type ComponentProps } from "react";
import ReactMarkdown, { type Components, type Options } from "react-markdown";
import remarkGfm from "remark-gfm";
import { CitationChip } from "./citation-chip";
import { remarkCitations } from "./remark-citations";

/** Only web links survive as addresses (links render as text anyway); javascript:, data: and the like become "". */
export function safeUrl(url: string): string {
  return /^https?:\/\//i.test(url.trim()) ? url.trim() : "";
}

function Cite(props: ComponentProps<"cite"> & { node?: { properties?: Record<string, unknown> } }) {
  const raw = props.node?.properties?.dataNumbers ?? (props as Record<string, unknown>)["data-numbers"];
  const numbers = String(raw ?? "")
    .split(",")
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  // Which marker of the answer this is: its chips carry the checks of that marker.
  const rawMarker = props.node?.properties?.dataMarker ?? (props as Record<string, unknown>)["data-marker"];
  const marker = rawMarker === undefined || rawMarker === "" ? undefined : Number(rawMarker);
  return (
    <span className="whitespace-nowrap">
      {numbers.map((n, index) => (
        <CitationChip key={`${n}-${index}`} n={n} marker={Number.isInteger(marker) ? marker : undefined} />
      ))}
    </span>
  );
}

const components: Components = {
  cite: Cite,
  // Links come from the articles and the model, never from Caravan: a "[Login](https://…)" in an
  // article must not become a live link in an answer or a heading. Its words stay, as plain text.
  a: ({ children }) => <span data-inert-link="">{children}</span>,
  // Remote images could track readers; show their description instead of loading them.
  img: ({ alt }) => (alt ? <span className="italic">[image: {alt}]</span> : null),
  table: ({ children }) => (
    <div className="not-prose my-4 overflow-x-auto rounded-lg border border-stone-200 dark:border-stone-700">
      <table className="w-full border-collapse text-left text-sm [&_td]:border-t [&_td]:border-stone-200 [&_td]:px-3 [&_td]:py-2 [&_th]:bg-stone-100 [&_th]:px-3 [&_th]:py-2 [&_th]:font-semibold dark:[&_td]:border-stone-700 dark:[&_th]:bg-stone-800">
        {children}
      </table>
    </div>
  ),
};

/**
 * Answer markdown, rendered safely: no raw HTML (no rehype-raw), links as plain text, `[n]` as chips.
 * Memoised: while an answer streams only its own text changes, earlier messages stay put.
 * `firstMarker`: when `text` is one part of an answer, how many markers the parts before it hold.
 */
const inlineComponents: Components = { ...components, p: ({ children }) => <>{children}</> };

export const Markdown = memo(function Markdown({
  text,
  className,
  inline,
  firstMarker = 0,
}: {
  text: string;
  className?: string;
  inline?: boolean;
  firstMarker?: number;
}) {
  const remarkPlugins: Options["remarkPlugins"] = [remarkGfm, [remarkCitations, { firstMarker }]];
  if (inline) {
    // For headings: phrasing content only (no <div>/<p> inside an <h3>).
    return (
      <span className={className}>
        <ReactMarkdown remarkPlugins={remarkPlugins} components={inlineComponents} urlTransform={safeUrl} skipHtml>
          {text}
        </ReactMarkdown>
      </span>
    );
  }
  return (
    <div
      className={`prose prose-stone max-w-none dark:prose-invert prose-headings:font-semibold prose-headings:tracking-tight prose-a:text-teal-800 dark:prose-a:text-teal-300 prose-p:leading-relaxed ${className ?? ""}`}
    >
      <ReactMarkdown remarkPlugins={remarkPlugins} components={components} urlTransform={safeUrl} skipHtml>
        {text}
      </ReactMarkdown>
    </div>
  );
});
