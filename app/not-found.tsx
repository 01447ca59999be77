import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto flex w-full max-w-xl flex-1 flex-col items-start justify-center px-4 py-16">
      <p className="text-sm font-semibold text-teal-800 dark:text-teal-300">404</p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight text-stone-950 dark:text-stone-50">Not found</h1>
      <p className="mt-2 text-stone-700 dark:text-stone-300">
        There is no page or article at this address. It may have been removed from the library when the articles were
        re-indexed.
      </p>
      <div className="mt-6 flex gap-3">
        <Link href="/documents" className="rounded-lg bg-teal-700 px-4 py-2 text-sm font-medium text-white hover:bg-teal-800 dark:bg-teal-700 dark:text-white dark:hover:bg-teal-600">
          Browse the library
        </Link>
        <Link href="/" className="rounded-lg px-4 py-2 text-sm font-medium text-stone-800 hover:bg-stone-200/70 dark:text-stone-200 dark:hover:bg-stone-800">
          Back to chat
        </Link>
      </div>
    </main>
  );
}
