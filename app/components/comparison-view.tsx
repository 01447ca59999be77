"use client";

import { useSyncExternalStore } from "react";
import type { ComparisonData, PassageData } from "@/lib/answer/chat-message";
import { CitationChip } from "./citation-chip";
import { aspectExcerpt, aspectWords, comparisonView, type AspectCell, type ComparisonColumn, type ComparisonView } from "./comparison";
import { Markdown } from "./markdown";
import { splitCompare } from "./message-parts";

// Tailwind's `md` breakpoint: a table from here up, stacked cards below.
const wideQuery = "(min-width: 768px)";

function subscribeWide(onChange: () => void): () => void {
  const query = window.matchMedia(wideQuery);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

/** True on screens at least 768 px wide. The server (and hydration) render the phone layout. */
function useWideScreen(): boolean {
  return useSyncExternalStore(
    subscribeWide,
    () => window.matchMedia(wideQuery).matches,
    () => false,
  );
}

function ColumnHeading({ column, className }: { column: ComparisonColumn; className?: string }) {
  return (
    <h3 className={`font-semibold leading-snug text-stone-900 dark:text-stone-50 ${className ?? ""}`}>
      {column.title ? (
        <>
          <Markdown text={column.title} inline firstMarker={column.firstMarker.heading} />
          {column.subtitle && (
            <span className="mt-0.5 block text-xs font-normal text-stone-600 dark:text-stone-400">{column.subtitle}</span>
          )}
        </>
      ) : (
        <Markdown text={column.heading} inline firstMarker={column.firstMarker.heading} />
      )}
    </h3>
  );
}

/**
 * An article's sentence on one aspect (around the aspect's words, which are set apart), its chip
 * opening that very sentence, whole; or why there is none.
 */
function AspectCellContent({ cell, terms }: { cell: AspectCell; terms: string[] }) {
  if (cell.kind === "cited") {
    return (
      <p className="text-sm leading-relaxed text-stone-700 dark:text-stone-300">
        {aspectWords(aspectExcerpt(cell.sentence, terms), terms).map(([piece, marked], index) =>
          marked ? (
            <strong key={index} className="font-semibold text-stone-950 dark:text-stone-50">
              {piece}
            </strong>
          ) : (
            piece
          ),
        )}
        <span className="whitespace-nowrap">
          {" "}
          <CitationChip n={cell.n} quote={{ start: cell.start, end: cell.end, sentence: cell.sentence }} />
        </span>
      </p>
    );
  }
  return (
    <p className="text-sm italic text-stone-500 dark:text-stone-400" data-aspect-empty={cell.kind}>
      {cell.kind === "elsewhere" ? "Elsewhere in the article (not in its cited sentences)" : "Not discussed"}
    </p>
  );
}

const groupLabel =
  "border-y border-stone-200 bg-stone-50 px-3 py-1.5 text-left text-[0.7rem] font-semibold uppercase tracking-wide text-stone-600 dark:border-stone-800 dark:bg-stone-950/60 dark:text-stone-400";
const cell = "min-w-0 border-l border-stone-200 px-3 align-top first:border-l-0 dark:border-stone-800";

function ComparisonTable({ view }: { view: ComparisonView }) {
  const span = view.columns.length;
  return (
    <div className="w-full overflow-hidden rounded-xl border border-stone-200 bg-white shadow-sm dark:border-stone-800 dark:bg-stone-900">
      <table data-compare-table="" className="w-full table-fixed border-collapse text-left text-sm [overflow-wrap:anywhere]">
        <caption className="sr-only">How the articles compare: one column per article</caption>
        <thead>
          <tr>
            {view.columns.map((column, index) => (
              <th key={`${index}-${column.heading}`} scope="col" data-compare-column="" className={`${cell} bg-stone-100/80 py-2.5 font-normal dark:bg-stone-800/60`}>
                <ColumnHeading column={column} className="text-sm" />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="colgroup" colSpan={span} className={groupLabel}>
              What each article says
            </th>
          </tr>
          <tr>
            {view.columns.map((column, index) => (
              <td key={`${index}-${column.heading}`} data-compare-card="" className={`${cell} py-1`}>
                <Markdown text={column.body} className="prose-sm" firstMarker={column.firstMarker.body} />
              </td>
            ))}
          </tr>
        </tbody>
        {view.rows.map((row, rowIndex) => (
          <tbody key={`${rowIndex}-${row.aspect}`} data-compare-aspect={row.aspect}>
            <tr>
              <th scope="colgroup" colSpan={span} className={groupLabel}>
                On “{row.aspect}”
              </th>
            </tr>
            <tr>
              {row.cells.map((aspectCell, index) => (
                <td key={index} className={`${cell} py-2.5`}>
                  <AspectCellContent cell={aspectCell} terms={row.terms} />
                </td>
              ))}
            </tr>
          </tbody>
        ))}
      </table>
    </div>
  );
}

function ComparisonCards({ view }: { view: ComparisonView }) {
  return (
    <div className="flex flex-col gap-3" data-compare-cards="">
      {view.columns.map((column, index) => (
        <article
          key={`${index}-${column.heading}`}
          data-compare-card=""
          className="w-full min-w-0 rounded-xl border border-stone-200 bg-white p-4 shadow-sm [overflow-wrap:anywhere] dark:border-stone-800 dark:bg-stone-900"
        >
          <ColumnHeading column={column} className="mb-2 text-base" />
          <Markdown text={column.body} className="prose-sm" firstMarker={column.firstMarker.body} />
          {view.rows.length > 0 && (
            <dl className="mt-3 space-y-2.5 border-t border-stone-200 pt-3 dark:border-stone-800">
              {view.rows.map((row, rowIndex) => (
                <div key={`${rowIndex}-${row.aspect}`} data-compare-aspect={row.aspect}>
                  <dt className="text-[0.7rem] font-semibold uppercase tracking-wide text-stone-600 dark:text-stone-400">On “{row.aspect}”</dt>
                  <dd className="mt-0.5">
                    <AspectCellContent cell={row.cells[index]} terms={row.terms} />
                  </dd>
                </div>
              ))}
            </dl>
          )}
        </article>
      ))}
    </div>
  );
}

/**
 * A compare answer: the articles side by side (a table on wide screens, stacked cards on phones),
 * then where they agree and differ. The message text stays the markdown (copy and export use it);
 * each part renders on its own, its chips numbered on from the markers of the parts before it.
 */
export function CompareAnswer({ text, passages, comparison }: { text: string; passages: Map<number, PassageData>; comparison?: ComparisonData }) {
  const wide = useWideScreen();
  const layout = splitCompare(text, passages);
  if (layout.sections.length === 0) return <Markdown text={text} />;
  const view = comparisonView(layout, passages, comparison);
  return (
    <div className="w-full min-w-0" data-compare-view={wide ? "table" : "cards"}>
      {view.intro && <Markdown text={view.intro} className="mb-3" />}
      {wide ? <ComparisonTable view={view} /> : <ComparisonCards view={view} />}
      {view.closing && (
        <div data-compare-statements="" className="mt-4 rounded-xl border border-teal-700/15 bg-teal-50/60 px-4 py-1 dark:border-teal-300/15 dark:bg-teal-950/30">
          <Markdown text={view.closing} className="prose-sm" firstMarker={view.closingMarker} />
        </div>
      )}
    </div>
  );
}
