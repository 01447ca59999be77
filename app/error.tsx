"use client";

import Link from "next/link";

/** Unexpected failures land here instead of a blank page; details stay in the server log. */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : undefined;
  return (
    <main className="mx-auto flex w-full max-w-xl flex-1 flex-col items-start justify-center px-4 py-16">
      <h1 className="text-2xl font-semibold tracking-tight text-stone-950 dark:text-stone-50">Something went wrong</h1>
      <p className="mt-2 text-stone-700 dark:text-stone-300">
        Caravan could not show this page. Trying again often helps; if it keeps failing, check that the articles are
        indexed (<code>npm run ingest</code>).
      </p>
      {digest && <p className="mt-2 text-xs text-stone-600 dark:text-stone-400">Reference: {digest}</p>}
      <div className="mt-6 flex gap-3">
        <button
          type="button"
          onClick={() => retry()}
          className="rounded-lg bg-teal-700 px-4 py-2 text-sm font-medium text-white hover:bg-teal-800 dark:bg-teal-700 dark:text-white dark:hover:bg-teal-600"
        >
          Try again
        </button>
        <Link href="/" className="rounded-lg px-4 py-2 text-sm font-medium text-stone-800 hover:bg-stone-200/70 dark:text-stone-200 dark:hover:bg-stone-800">
          Back to chat
        </Link>
      </div>
    </main>
  );
}
