import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getConfig } from "@/lib/server/config";
import { byline, formatDate, formatLength } from "../components/format";
import { loadLibraryPage } from "../components/library-data";
import { AddArticles, DeleteDocumentButton, LibraryActionsProvider } from "./library-manager";

export const metadata: Metadata = { title: "Library" };

/** Documents per page: a library of thousands stays a page of fifty. */
const pageSize = 50;

type Search = Promise<Record<string, string | string[] | undefined>>;

function pageHref(page: number): string {
  return page <= 1 ? "/documents" : `/documents?page=${page}`;
}

export default async function LibraryPage({ searchParams }: { searchParams: Search }) {
  await connection();
  const requested = Number([(await searchParams).page].flat()[0] ?? 1);
  const { documents, problem, total, page, pageCount } = await loadLibraryPage({ page: requested, pageSize });
  const first = (page - 1) * pageSize + 1;
  return (
    <main className="mx-auto w-full max-w-4xl px-4 py-8 sm:px-6">
      <h1 className="text-2xl font-semibold tracking-tight text-stone-950 dark:text-stone-50">Library</h1>
      <p className="mt-1 text-stone-700 dark:text-stone-300">
        {problem ? "The articles Caravan answers from." : `${total} ${total === 1 ? "article" : "articles"} indexed. Caravan answers only from these.`}
      </p>
      <LibraryActionsProvider>
        <AddArticles maxUploadBytes={getConfig().maxUploadBytes} />
        {problem ? (
          <div role="alert" className="mt-6 rounded-xl border border-amber-300 bg-amber-50 p-4 text-amber-950 dark:border-amber-700 dark:bg-amber-950/50 dark:text-amber-100">
            {problem}
          </div>
        ) : (
          <>
            {pageCount > 1 && <Pager page={page} pageCount={pageCount} first={first} last={first + documents.length - 1} total={total} />}
            <ul className="mt-6 grid gap-3" data-document-list="">
              {documents.map((document) => (
                <li key={document.id} data-document-id={document.id}>
                  <article className="rounded-xl border border-stone-200 bg-white p-4 shadow-sm dark:border-stone-800 dark:bg-stone-900">
                    <div className="flex items-start justify-between gap-3">
                      <h2 className="text-base font-semibold leading-snug">
                        <Link
                          href={`/documents/${encodeURIComponent(document.id)}`}
                          className="text-stone-950 underline-offset-2 hover:text-teal-800 hover:underline dark:text-stone-50 dark:hover:text-teal-300"
                        >
                          {document.displayTitle}
                        </Link>
                      </h2>
                      <DeleteDocumentButton id={document.id} title={document.displayTitle} />
                    </div>
                    {byline({ outlet: document.outlet, author: document.author }) && (
                      <p className="mt-1 text-sm text-stone-700 dark:text-stone-300">{byline({ outlet: document.outlet, author: document.author })}</p>
                    )}
                    <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-2 text-xs text-stone-600 sm:grid-cols-[7rem_12rem_5rem_minmax(0,1fr)] dark:text-stone-400">
                      <div>
                        <dt className="font-medium text-stone-700 dark:text-stone-300">Date</dt>
                        <dd>{document.date ? formatDate(document.date) : "Unknown"}</dd>
                      </div>
                      <div>
                        <dt className="font-medium text-stone-700 dark:text-stone-300">Length</dt>
                        <dd>{formatLength(document.chars)}</dd>
                      </div>
                      <div>
                        <dt className="font-medium text-stone-700 dark:text-stone-300">Passages</dt>
                        <dd>{document.chunkCount}</dd>
                      </div>
                      <div className="min-w-0">
                        <dt className="font-medium text-stone-700 dark:text-stone-300">File</dt>
                        <dd className="truncate" title={document.source}>
                          {document.source}
                        </dd>
                      </div>
                    </dl>
                  </article>
                </li>
              ))}
            </ul>
            {pageCount > 1 && <Pager page={page} pageCount={pageCount} first={first} last={first + documents.length - 1} total={total} />}
          </>
        )}
      </LibraryActionsProvider>
    </main>
  );
}

function Pager({ page, pageCount, first, last, total }: { page: number; pageCount: number; first: number; last: number; total: number }) {
  const link = "rounded-md px-2 py-1 text-teal-800 underline-offset-2 hover:underline dark:text-teal-300";
  return (
    <nav aria-label="Library pages" className="mt-4 flex items-center justify-between gap-3 text-sm text-stone-700 dark:text-stone-300">
      <span>
        {first}–{last} of {total}
      </span>
      <span className="flex items-center gap-2">
        {page > 1 ? (
          <Link href={pageHref(page - 1)} className={link} rel="prev">
            ← Previous
          </Link>
        ) : null}
        <span>
          Page {page} of {pageCount}
        </span>
        {page < pageCount ? (
          <Link href={pageHref(page + 1)} className={link} rel="next">
            Next →
          </Link>
        ) : null}
      </span>
    </nav>
  );
}
