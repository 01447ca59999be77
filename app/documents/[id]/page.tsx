import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getDocument } from "@/lib/search/library";
import { pageAt } from "@/lib/text/pages";
import { displayTitle, formatDate, formatLength } from "../../components/format";
import { buildSourceGuide, type SourceGuide } from "@/lib/answer/source-guide";
import { safeReturnPath } from "../../components/return-path";
import { paragraphsWithHighlight, parseSpan, partOf, readerParts, type Span } from "./highlight";
import { ScrollToPassage } from "./scroll-to-passage";

type Params = Promise<{ id: string }>;
type Search = Promise<Record<string, string | string[] | undefined>>;

// generateMetadata and the page read the same article: one query per request.
const readDocument = cache((id: string) => getDocument(id));

/** Characters per reader part: a long article's page stays well under a megabyte of HTML. */
const partChars = 200_000;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { id } = await params;
  const document = await readDocument(id);
  return { title: document ? displayTitle(document.title, document.text) : "Article not found" };
}

export default async function ReaderPage({ params, searchParams }: { params: Params; searchParams: Search }) {
  const { id } = await params;
  const query = await searchParams;
  const document = await readDocument(id);
  if (!document) notFound();

  // ?start=&end= (a cited sentence or passage) wins over ?chunk= (a whole passage by id).
  let span: Span | undefined = parseSpan(single(query.start), single(query.end), document.text.length);
  const chunkId = single(query.chunk);
  if (!span && chunkId) {
    const chunk = document.chunks.find((candidate) => candidate.id === chunkId);
    if (chunk) span = { start: chunk.start, end: chunk.end };
  }
  // Opened from a citation: the way back to that very turn of the conversation.
  const backToAnswer = safeReturnPath(single(query.from));
  // A very long article renders one part at a time (a 20 MB report must not become a 40 MB page):
  // the part holding the cited span, else the one asked for (?part=), else the first.
  const parts = readerParts(document.text, partChars);
  const asked = Number(single(query.part));
  const partIndex = span ? partOf(parts, span.start) : Number.isInteger(asked) && asked >= 1 && asked <= parts.length ? asked - 1 : 0;
  const part = parts[partIndex];
  const shown = document.text.slice(part.start, part.end);
  const paragraphs = paragraphsWithHighlight(shown, span && { start: span.start - part.start, end: span.end - part.start }).map((paragraph) => ({
    ...paragraph,
    start: paragraph.start + part.start,
  }));
  const guide = buildSourceGuide({
    documentId: document.id,
    title: document.title || displayTitle(document.title, document.text),
    passages: document.chunks.slice(0, 120).map((chunk) => ({
      chunkId: chunk.id,
      documentId: document.id,
      source: document.source,
      title: document.title,
      date: document.date,
      outlet: document.outlet,
      ordinal: chunk.ordinal,
      text: document.text.slice(chunk.start, chunk.end),
      start: chunk.start,
      end: chunk.end,
      score: 0,
    })),
  });
  const spanChunk = span && document.chunks.find((chunk) => chunk.start <= span.start && span.start < chunk.end);
  const spanPage = spanChunk && span ? pageAt(spanChunk.pages, span.start) : undefined;
  const title = displayTitle(document.title, document.text);
  const url = /^https?:\/\//i.test(document.url) ? document.url : "";
  // The first highlighted piece carries the #passage anchor (a span can cross paragraph breaks).
  const firstMarked = paragraphs.findIndex((paragraph) => paragraph.segments.some((segment) => segment.highlighted));

  return (
    <main className="mx-auto w-full max-w-3xl px-4 py-8 sm:px-6">
      <nav aria-label="Breadcrumb" className="flex gap-4 text-sm">
        {backToAnswer && (
          <Link href={backToAnswer} data-back-to-answer="" className="font-medium text-teal-800 underline-offset-2 hover:underline dark:text-teal-300">
            ← Back to the answer
          </Link>
        )}
        <Link href="/documents" className="text-teal-800 underline-offset-2 hover:underline dark:text-teal-300">
          {backToAnswer ? "Library" : "← Library"}
        </Link>
      </nav>
      <article className="mt-4">
        <header className="border-b border-stone-200 pb-5 dark:border-stone-800">
          <h1 className="text-2xl font-semibold leading-tight tracking-tight text-stone-950 sm:text-3xl dark:text-stone-50">{title}</h1>
          <dl className="mt-4 grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-3">
            {[
              ["Outlet", document.outlet],
              ["Date", document.date ? formatDate(document.date) : ""],
              ["Author", document.author],
              ["Length", formatLength(document.chars)],
              ["Passages", String(document.chunkCount)],
              ["File", document.source],
            ].map(([label, value]) => (
              <div key={label} className="min-w-0">
                <dt className="text-xs font-medium uppercase tracking-wide text-stone-600 dark:text-stone-400">{label}</dt>
                <dd className="truncate text-stone-900 dark:text-stone-100" title={value || undefined}>
                  {value || "Unknown"}
                </dd>
              </div>
            ))}
          </dl>
          {url && (
            <p className="mt-3 text-sm">
              <a href={url} target="_blank" rel="noopener noreferrer nofollow" className="break-all text-teal-800 underline underline-offset-2 dark:text-teal-300">
                Original article
              </a>
            </p>
          )}
          {span && (
            <p className="mt-4 flex items-center gap-2 text-sm text-stone-700 dark:text-stone-300">
              <mark className="inline-block h-3 w-6" aria-hidden="true" />
              The cited passage is highlighted below{spanPage === undefined ? "" : ` (p. ${spanPage})`}.
            </p>
          )}
        </header>
        {(guide.gist || guide.questions.length > 0) && <SourceGuidePanel guide={guide} />}
        {parts.length > 1 && <PartPager id={document.id} index={partIndex} count={parts.length} from={backToAnswer} />}
        <div className="mt-6 space-y-5 font-serif text-[1.0625rem] leading-8 text-stone-800 dark:text-stone-200">
          {paragraphs.map((paragraph, paragraphIndex) => (
            <p key={paragraph.start}>
              {paragraph.segments.map((segment, index) => {
                if (!segment.highlighted) return <span key={index}>{segment.text}</span>;
                return (
                  <mark key={index} id={paragraphIndex === firstMarked ? "passage" : undefined} className="scroll-mt-24" data-highlight="">
                    {segment.text}
                  </mark>
                );
              })}
            </p>
          ))}
        </div>
        {parts.length > 1 && <PartPager id={document.id} index={partIndex} count={parts.length} from={backToAnswer} />}
      </article>
      {span && <ScrollToPassage targetId="passage" />}
    </main>
  );
}

function PartPager({ id, index, count, from }: { id: string; index: number; count: number; from?: string }) {
  // Turning a part keeps the way back to the answer.
  const href = (part: number) => `/documents/${encodeURIComponent(id)}?part=${part}${from ? `&from=${encodeURIComponent(from)}` : ""}`;
  const link = "text-teal-800 underline-offset-2 hover:underline dark:text-teal-300";
  return (
    <nav aria-label="Parts of this article" className="mt-6 flex items-center justify-between text-sm text-stone-700 dark:text-stone-300">
      {index > 0 ? (
        <Link href={href(index)} className={link} rel="prev">
          ← Part {index}
        </Link>
      ) : (
        <span />
      )}
      <span>
        Part {index + 1} of {count}
      </span>
      {index + 1 < count ? (
        <Link href={href(index + 2)} className={link} rel="next">
          Part {index + 2} →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}

function SourceGuidePanel({ guide }: { guide: SourceGuide }) {
  return (
    <section aria-label="Source guide" data-source-guide="" className="mt-5 rounded-xl border border-stone-200 bg-stone-50 p-4 text-sm dark:border-stone-800 dark:bg-stone-900/60">
      <h2 className="text-xs font-semibold uppercase tracking-wide text-stone-600 dark:text-stone-400">Source guide</h2>
      {guide.gist && <p className="mt-2 font-serif text-base leading-relaxed text-stone-900 dark:text-stone-100">{guide.gist.text}</p>}
      {guide.terms.length > 0 && (
        <p className="mt-3 flex flex-wrap gap-1.5" aria-label="Key terms">
          {guide.terms.map((term) => (
            <span key={term} className="rounded-full bg-white px-2 py-0.5 text-xs text-stone-800 ring-1 ring-stone-200 dark:bg-stone-800 dark:text-stone-200 dark:ring-stone-700">
              {term}
            </span>
          ))}
        </p>
      )}
      {guide.questions.length > 0 && (
        <ul className="mt-3 grid gap-1" aria-label="Questions this article answers">
          {guide.questions.map((question) => (
            <li key={question}>
              <Link href={`/?ask=${encodeURIComponent(question)}`} data-guide-question="" className="text-teal-800 underline-offset-2 hover:underline dark:text-teal-300">
                {question}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
