import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getDocument } from "@/lib/search/library";
import { displayTitle, formatDate, formatLength } from "../../components/format";
import { safeReturnPath } from "../../components/return-path";
import { paragraphsWithHighlight, parseSpan, type Span } from "./highlight";
import { ScrollToPassage } from "./scroll-to-passage";

type Params = Promise<{ id: string }>;
type Search = Promise<Record<string, string | string[] | undefined>>;

// generateMetadata and the page read the same article: one query per request.
const readDocument = cache((id: string) => getDocument(id));

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
  const paragraphs = paragraphsWithHighlight(document.text, span);
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
              The cited passage is highlighted below.
            </p>
          )}
        </header>
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
      </article>
      {span && <ScrollToPassage targetId="passage" />}
    </main>
  );
}
