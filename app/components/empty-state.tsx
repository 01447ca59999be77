"use client";

import Link from "next/link";
import type { AnswerMode } from "@/lib/types";
import type { Suggestion } from "@/lib/answer/suggestions";
import { byline } from "./format";
import type { LibraryDocument } from "./library-types";

const modeLabels: Record<AnswerMode, string> = { ask: "Ask", summarize: "Summarize", compare: "Compare" };
/** The landing page lists this many articles; a library of hundreds is one link away, not a page of scrolling. */
const listedArticles = 6;

/** What Caravan is, what it has read, and a few questions to start with. */
export function EmptyState(props: {
  documents: LibraryDocument[];
  suggestions: Suggestion[];
  problem?: string;
  onAsk: (text: string, mode: AnswerMode) => void;
}) {
  const { documents, suggestions, problem } = props;
  return (
    <div className="mx-auto w-full max-w-3xl py-6 sm:py-8" data-empty-state="">
      <h1 className="text-2xl font-semibold tracking-tight text-stone-950 sm:text-3xl dark:text-stone-50">
        Ask the articles.
      </h1>
      <p className="mt-2 max-w-prose text-stone-700 dark:text-stone-300">
        Caravan answers only from the articles in its library and points every claim to the passage it came from. It can
        also summarize an article or set the articles&apos; viewpoints side by side.
      </p>

      {problem ? (
        <div role="alert" className="mt-6 rounded-xl border border-amber-300 bg-amber-50 p-4 text-amber-950 dark:border-amber-700 dark:bg-amber-950/50 dark:text-amber-100">
          <p className="font-semibold">The library is not ready</p>
          <p className="mt-1 text-sm">{problem}</p>
        </div>
      ) : (
        <>
          {suggestions.length > 0 && (
            <section aria-labelledby="suggestions-heading" className="mt-6">
              <h2 id="suggestions-heading" className="text-sm font-semibold text-stone-900 dark:text-stone-100">
                Try asking
              </h2>
              <ul className="mt-3 grid gap-2 sm:grid-cols-2">
                {suggestions.map((suggestion) => (
                  <li key={`${suggestion.mode}:${suggestion.text}`}>
                    <button
                      type="button"
                      data-suggestion=""
                      onClick={() => props.onAsk(suggestion.text, suggestion.mode)}
                      className="flex h-full w-full flex-col items-start gap-1 rounded-xl border border-stone-200 bg-white p-3 text-left text-sm text-stone-900 shadow-sm transition-colors hover:border-teal-600/60 hover:bg-teal-50/50 dark:border-stone-800 dark:bg-stone-900 dark:text-stone-100 dark:hover:border-teal-300/50 dark:hover:bg-stone-800"
                    >
                      <span className="text-xs font-medium uppercase tracking-wide text-teal-800 dark:text-teal-300">
                        {modeLabels[suggestion.mode]}
                      </span>
                      <span className="leading-snug">{suggestion.text}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          )}

          <section aria-labelledby="library-heading" className="mt-6">
            <h2 id="library-heading" className="text-sm font-semibold text-stone-900 dark:text-stone-100">
              {documents.length === 1 ? "1 article indexed" : `${documents.length} articles indexed`}
            </h2>
            {/* One line per article from sm up (title, then outlet and date), so a short library fits above the composer. */}
            <ul className="mt-3 divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white dark:divide-stone-800 dark:border-stone-800 dark:bg-stone-900">
              {documents.slice(0, listedArticles).map((document) => (
                <li key={document.id}>
                  <Link
                    href={`/documents/${encodeURIComponent(document.id)}`}
                    prefetch={false}
                    title={document.displayTitle}
                    className="block px-4 py-2.5 hover:bg-stone-50 sm:flex sm:items-baseline sm:gap-3 dark:hover:bg-stone-800/60"
                  >
                    <span className="block text-sm font-medium leading-snug text-stone-900 sm:min-w-0 sm:flex-1 sm:truncate dark:text-stone-100">{document.displayTitle}</span>
                    {byline(document) && (
                      <span className="mt-0.5 block text-xs text-stone-600 sm:mt-0 sm:shrink-0 dark:text-stone-400">{byline(document)}</span>
                    )}
                  </Link>
                </li>
              ))}
            </ul>
            {documents.length > listedArticles && (
              <p className="mt-2 text-sm">
                <Link href="/documents" className="font-medium text-teal-800 underline-offset-2 hover:underline dark:text-teal-300">
                  See all {documents.length} articles in the Library
                </Link>
              </p>
            )}
          </section>
        </>
      )}
    </div>
  );
}
