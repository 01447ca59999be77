"use client";

import type { ChatFilters, LibraryDocument } from "./library-types";

function toggle(list: string[], value: string): string[] {
  return list.includes(value) ? list.filter((item) => item !== value) : [...list, value];
}

/** Limit the next questions to chosen articles and/or outlets. Nothing chosen = all articles. */
export function FiltersPanel({
  id,
  documents,
  filters,
  onChange,
}: {
  id: string;
  documents: LibraryDocument[];
  filters: ChatFilters;
  onChange: (filters: ChatFilters) => void;
}) {
  const outlets = [...new Set(documents.map((document) => document.outlet.trim()).filter(Boolean))].sort();
  const chosen = filters.documentIds.length + filters.outlets.length;
  return (
    <div
      id={id}
      className="rounded-xl border border-stone-200 bg-white p-4 text-sm shadow-sm dark:border-stone-700 dark:bg-stone-900"
    >
      <div className="grid gap-4 sm:grid-cols-[2fr_1fr]">
        <fieldset className="min-w-0">
          <legend className="mb-2 font-semibold">Articles</legend>
          <ul className="space-y-1.5">
            {documents.map((document) => (
              <li key={document.id}>
                <label className="flex cursor-pointer items-start gap-2">
                  <input
                    type="checkbox"
                    className="mt-0.5 size-4 shrink-0 accent-teal-700 dark:accent-teal-300"
                    checked={filters.documentIds.includes(document.id)}
                    onChange={() => onChange({ ...filters, documentIds: toggle(filters.documentIds, document.id) })}
                  />
                  <span className="min-w-0 leading-snug">{document.displayTitle}</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <fieldset className="min-w-0">
          <legend className="mb-2 font-semibold">Outlets</legend>
          {outlets.length === 0 ? (
            <p className="text-stone-600 dark:text-stone-400">No outlet is named in these articles.</p>
          ) : (
            <ul className="space-y-1.5">
              {outlets.map((outlet) => (
                <li key={outlet}>
                  <label className="flex cursor-pointer items-start gap-2">
                    <input
                      type="checkbox"
                      className="mt-0.5 size-4 shrink-0 accent-teal-700 dark:accent-teal-300"
                      checked={filters.outlets.includes(outlet)}
                      onChange={() => onChange({ ...filters, outlets: toggle(filters.outlets, outlet) })}
                    />
                    <span className="min-w-0 leading-snug">{outlet}</span>
                  </label>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
      </div>
      <div className="mt-3 flex items-center justify-between gap-2 border-t border-stone-200 pt-3 dark:border-stone-700">
        <p className="text-stone-600 dark:text-stone-400" aria-live="polite">
          {chosen === 0 ? "Searching all articles." : "Questions search only the chosen articles and outlets."}
        </p>
        <button
          type="button"
          disabled={chosen === 0}
          onClick={() => onChange({ documentIds: [], outlets: [] })}
          className="rounded-md px-2 py-1 font-medium text-teal-800 hover:bg-teal-50 disabled:cursor-not-allowed disabled:text-stone-400 dark:text-teal-300 dark:hover:bg-teal-950 dark:disabled:text-stone-600"
        >
          Clear
        </button>
      </div>
    </div>
  );
}
