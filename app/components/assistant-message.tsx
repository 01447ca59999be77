"use client";

import Link from "next/link";
import { useContext, useMemo, useState } from "react";
import type { ChatMessage, CitationCheck, PassageData } from "@/lib/answer/chat-message";
import type { AnswerMode, RetrievalFilters } from "@/lib/types";
import { CitationContext, DocumentTitlesContext, usePassageTitle, useReturnPath, type CitationSources } from "./citation-context";
import { copyText } from "./clipboard";
import { withReturnPath } from "./return-path";
import { byline, truncate } from "./format";
import { messageComparison } from "./comparison";
import { CompareAnswer } from "./comparison-view";
import { Markdown } from "./markdown";
import { answerWithFootnotes, citedNumbers, firstCheckOf, messageChecks, messagePassages, messageText, quotedSentence, readerHref } from "./message-parts";

function EngineLabel({ message }: { message: ChatMessage }) {
  const metadata = message.metadata;
  if (!metadata) return null;
  const name = metadata.engineKind === "extractive" ? "Offline extractive" : metadata.engine;
  return (
    <span className="inline-flex flex-wrap items-center gap-x-1.5 text-xs text-stone-600 dark:text-stone-400" data-engine={metadata.engineKind}>
      <span
        className="inline-flex items-center gap-1 rounded-full border border-stone-300 px-2 py-0.5 dark:border-stone-700"
        title={metadata.engineKind === "extractive" && !metadata.fallbackReason ? "Quotes the articles' own sentences; the same question always gets the same answer." : undefined}
      >
        <span aria-hidden="true" className={`size-1.5 rounded-full ${metadata.engineKind === "extractive" ? "bg-stone-500" : "bg-teal-600 dark:bg-teal-300"}`} />
        <span className="sr-only">Answered by </span>
        {name}
      </span>
      {metadata.fallbackReason && <span>· {metadata.fallbackReason}</span>}
    </span>
  );
}

/** One card per cited passage: it opens, and quotes, the sentence the passage's first chip cites. */
function SourcesList({
  message,
  passages,
  checks,
  numbers,
}: {
  message: ChatMessage;
  passages: Map<number, PassageData>;
  checks: CitationCheck[];
  numbers: number[];
}) {
  const cited = numbers
    .sort((a, b) => a - b)
    .map((n) => passages.get(n))
    .filter((passage): passage is PassageData => passage !== undefined);
  const titleOf = usePassageTitle();
  const returnPath = useReturnPath();
  if (cited.length === 0) return null;
  const headingId = `sources-${message.id}`;
  return (
    <section aria-labelledby={headingId} className="mt-4">
      <h3 id={headingId} className="mb-2 text-xs font-semibold uppercase tracking-wide text-stone-600 dark:text-stone-400">
        Sources
      </h3>
      <ol className="grid gap-2 sm:grid-cols-2">
        {cited.map((passage) => {
          const check = firstCheckOf(passage.n, checks);
          const quote = quotedSentence(passage, check);
          return (
            <li key={passage.n} className="min-w-0">
              <Link
                href={withReturnPath(readerHref(passage, check), returnPath)}
                prefetch={false}
                data-source={passage.n}
                className="group flex h-full gap-2.5 rounded-xl border border-stone-200 bg-white p-3 text-sm transition-colors hover:border-teal-600/50 hover:bg-teal-50/40 dark:border-stone-800 dark:bg-stone-900 dark:hover:border-teal-300/40 dark:hover:bg-stone-800/60"
              >
                <span className="grid size-5 shrink-0 place-items-center rounded-full bg-teal-100 text-[0.7rem] font-semibold text-teal-900 dark:bg-teal-900/70 dark:text-teal-100">
                  {passage.n}
                </span>
                <span className="min-w-0">
                  <span className="block font-medium leading-snug text-stone-900 group-hover:underline dark:text-stone-100">
                    {titleOf(passage)}
                  </span>
                  {byline({ outlet: passage.outlet, date: passage.date }) && (
                    <span className="mt-0.5 block text-xs text-stone-600 dark:text-stone-400">{byline({ outlet: passage.outlet, date: passage.date })}</span>
                  )}
                  <span data-source-quote="" className="mt-1 block font-serif text-[0.8rem] leading-snug text-stone-700 dark:text-stone-300">
                    {truncate(quote || passage.text, 150)}
                  </span>
                </span>
              </Link>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** "the article “X”", "2 articles (“X”, “Y”)", "Reuters", "articles dated 2024-01 to 2024-06": what a filter let in. */
function describeFilters(filters: RetrievalFilters, titles: ReadonlyMap<string, string>): string {
  const parts: string[] = [];
  const ids = filters.documentIds ?? [];
  const named = ids.map((id) => `“${titles.get(id) ?? "an article no longer in the library"}”`);
  if (ids.length === 1) parts.push(`the article ${named[0]}`);
  else if (ids.length > 1) parts.push(`${ids.length} articles (${named.slice(0, 3).join(", ")}${ids.length > 3 ? ", …" : ""})`);
  const outlets = filters.outlets ?? [];
  if (outlets.length > 0) parts.push(`articles from ${outlets.join(", ")}`);
  if (filters.from || filters.to) parts.push(`articles dated ${filters.from ?? "any time"} to ${filters.to ?? "now"}`);
  return parts.join(" and ");
}

/** Under a decline that filters narrowed: which filter, and a way to ask the whole library. */
function FilteredDecline({ filters, onSearchAll }: { filters: RetrievalFilters; onSearchAll?: () => void }) {
  const titles = useContext(DocumentTitlesContext);
  return (
    <div data-filtered-decline="" className="mt-3 rounded-xl border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100">
      <p>
        Only {describeFilters(filters, titles)} {filters.documentIds?.length === 1 && !filters.outlets?.length ? "was" : "were"} searched, because of your filters.
      </p>
      {onSearchAll && (
        <button
          type="button"
          onClick={onSearchAll}
          className="mt-2 rounded-lg bg-amber-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-amber-900 dark:bg-amber-200 dark:text-amber-950 dark:hover:bg-amber-100"
        >
          Search all articles
        </button>
      )}
    </div>
  );
}

export function AssistantMessage(props: {
  message: ChatMessage;
  streaming: boolean;
  /** The mode the question was asked in, until the answer's own metadata says. */
  requestedMode: AnswerMode;
  canRegenerate: boolean;
  onRegenerate: () => void;
  /** Asks the same question again without filters (offered under a decline that filters narrowed). */
  onSearchAll?: () => void;
}) {
  const { message, streaming } = props;
  const text = messageText(message);
  const passages = useMemo(() => messagePassages(message), [message]);
  const checks = useMemo(() => messageChecks(message), [message]);
  const comparison = useMemo(() => messageComparison(message), [message]);
  const sources = useMemo<CitationSources>(() => ({ passages, checks, complete: !streaming }), [passages, checks, streaming]);
  const mode = message.metadata?.mode ?? props.requestedMode;
  const [copied, setCopied] = useState(false);
  const titleOf = usePassageTitle();

  const onCopy = async () => {
    if (await copyText(answerWithFootnotes(message, titleOf))) {
      setCopied(true);
      setTimeout(() => setCopied(false), 1600);
    }
  };

  const waiting = text.length === 0 && streaming;
  return (
    <div data-role="assistant" data-mode={mode} aria-busy={streaming} className="w-full min-w-0">
      <CitationContext.Provider value={sources}>
        {waiting ? (
          <p className="flex items-center gap-2 text-sm text-stone-600 dark:text-stone-400">
            <span aria-hidden="true" className="size-2 animate-pulse rounded-full bg-teal-600 dark:bg-teal-300" />
            {passages.size > 0 ? `Reading ${passages.size} passages…` : "Searching the articles…"}
          </p>
        ) : mode === "compare" ? (
          <CompareAnswer text={text} passages={passages} comparison={comparison} />
        ) : (
          <Markdown text={text} />
        )}
      </CitationContext.Provider>
      {!streaming && message.metadata?.abstained && message.metadata.filters && (
        <FilteredDecline filters={message.metadata.filters} onSearchAll={props.onSearchAll} />
      )}
      {!waiting && <SourcesList message={message} passages={passages} checks={checks} numbers={citedNumbers(text)} />}
      {!streaming && (
        <div className="mt-3 flex flex-wrap items-center gap-1">
          <button
            type="button"
            onClick={onCopy}
            className="rounded-md px-2 py-1 text-xs font-medium text-stone-700 hover:bg-stone-200/70 dark:text-stone-300 dark:hover:bg-stone-800"
          >
            {copied ? "Copied" : "Copy"}
            <span className="sr-only"> answer with sources</span>
          </button>
          {props.canRegenerate && (
            <button
              type="button"
              onClick={props.onRegenerate}
              className="rounded-md px-2 py-1 text-xs font-medium text-stone-700 hover:bg-stone-200/70 dark:text-stone-300 dark:hover:bg-stone-800"
            >
              Regenerate
            </button>
          )}
          <span className="ml-auto">
            <EngineLabel message={message} />
          </span>
        </div>
      )}
      <span className="sr-only" aria-live="polite">
        {copied ? "Answer copied with its sources." : ""}
      </span>
    </div>
  );
}
