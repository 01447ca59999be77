"use client";

import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import type { AnswerMode } from "@/lib/types";
import { FiltersPanel } from "./filters-panel";
import type { ChatFilters, LibraryDocument } from "./library-types";
import { ModeSwitch } from "./mode-switch";
import { questionInputId } from "./skip-targets";

const placeholders: Record<AnswerMode, string> = {
  ask: "Ask a question about the articles…",
  summarize: "What should be summarized? e.g. an article or a topic…",
  compare: "What should the articles be compared on?",
};

/** The server's default MAX_MESSAGE_CHARS: a longer question is refused there, so it is refused here first. */
export const defaultMaxChars = 4000;
/** The counter shows from this share of the limit on. */
const counterFrom = 0.9;

const numberFormat = new Intl.NumberFormat("en-US");

/** True when a key press should go to the focused element itself (typing into a text field). */
function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !["radio", "checkbox", "button", "submit", "reset", "range", "color", "file"].includes(target.type);
  return false;
}

export function Composer(props: {
  mode: AnswerMode;
  onModeChange: (mode: AnswerMode) => void;
  filters: ChatFilters;
  onFiltersChange: (filters: ChatFilters) => void;
  documents: LibraryDocument[];
  busy: boolean;
  maxChars?: number;
  onSubmit: (text: string) => void;
  onStop: () => void;
  /** Shown just above the composer (the thread's "Jump to latest"). */
  floating?: ReactNode;
}) {
  const { mode, busy } = props;
  const maxChars = props.maxChars ?? defaultMaxChars;
  const [text, setText] = useState("");
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const counterId = useId();
  // Counted as the server counts: the trimmed question.
  const length = text.trim().length;
  const over = length - maxChars;
  const showCounter = length >= Math.floor(maxChars * counterFrom);

  // The composer takes focus when the chat opens (a conversation opened or started too), and
  // "/" brings it back from anywhere but another text field.
  useEffect(() => {
    inputRef.current?.focus({ preventScroll: true });
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      if (typingInField(event.target)) return;
      event.preventDefault();
      inputRef.current?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  const [filtersOpen, setFiltersOpen] = useState(false);
  // A fixed id: the "Skip to the question box" link targets it.
  const inputId = questionInputId;
  const filtersId = useId();
  const chosen = props.filters.documentIds.length + props.filters.outlets.length;

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const question = text.trim();
    if (!question || busy || question.length > maxChars) return;
    props.onSubmit(question);
    setText("");
  };

  // Enter sends, Shift+Enter adds a line; never while an IME is composing a character.
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <section
      aria-label="Question box"
      data-composer=""
      className="sticky bottom-0 z-20 border-t border-stone-200 bg-stone-50/95 px-3 pb-3 pt-2 backdrop-blur sm:px-4 dark:border-stone-800 dark:bg-stone-950/95"
    >
      {props.floating && <div className="pointer-events-none absolute inset-x-0 bottom-full flex justify-center pb-3 [&>*]:pointer-events-auto">{props.floating}</div>}
      <div className="mx-auto w-full max-w-3xl">
        {filtersOpen && (
          <div className="mb-2 max-h-[45dvh] overflow-y-auto">
            <FiltersPanel id={filtersId} documents={props.documents} filters={props.filters} onChange={props.onFiltersChange} />
          </div>
        )}
        <div className="mb-2 flex flex-wrap items-center gap-2">
          <ModeSwitch value={mode} onChange={props.onModeChange} />
          <button
            type="button"
            aria-expanded={filtersOpen}
            aria-controls={filtersId}
            onClick={() => setFiltersOpen((open) => !open)}
            className="ml-auto inline-flex items-center gap-1.5 rounded-lg px-2.5 py-1 text-sm font-medium text-stone-700 hover:bg-stone-200/70 dark:text-stone-300 dark:hover:bg-stone-800"
          >
            <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4" fill="currentColor">
              <path d="M3 4.5A1.5 1.5 0 0 1 4.5 3h11A1.5 1.5 0 0 1 17 4.5v.88a1.5 1.5 0 0 1-.44 1.06L12 11v4.38a1 1 0 0 1-.55.9l-2 1A1 1 0 0 1 8 16.38V11L3.44 6.44A1.5 1.5 0 0 1 3 5.38V4.5Z" />
            </svg>
            Filters
            {chosen > 0 && (
              <span className="rounded-full bg-teal-700 px-1.5 text-xs text-white dark:bg-teal-700 dark:text-white">
                {chosen}
                <span className="sr-only"> active</span>
              </span>
            )}
          </button>
        </div>
        <form onSubmit={submit} className="flex items-end gap-2 rounded-2xl border border-stone-300 bg-white p-2 shadow-sm focus-within:border-teal-600 focus-within:ring-2 focus-within:ring-teal-600/30 dark:border-stone-700 dark:bg-stone-900 dark:focus-within:border-teal-400 dark:focus-within:ring-teal-300/30">
          <label htmlFor={inputId} className="sr-only">
            {mode === "ask" ? "Your question" : mode === "summarize" ? "What to summarize" : "What to compare"}
          </label>
          <textarea
            ref={inputRef}
            id={inputId}
            name="question"
            rows={1}
            value={text}
            aria-invalid={over > 0 ? true : undefined}
            aria-describedby={showCounter ? counterId : undefined}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={onKeyDown}
            placeholder={placeholders[mode]}
            className="field-sizing-content max-h-48 min-h-10 flex-1 resize-none bg-transparent px-2 py-2 text-base leading-6 text-stone-900 placeholder:text-stone-500 focus:outline-none focus-visible:outline-none dark:text-stone-100 dark:placeholder:text-stone-400"
          />
          {busy ? (
            <button
              type="button"
              onClick={props.onStop}
              className="inline-flex h-10 shrink-0 items-center gap-1.5 rounded-xl bg-stone-800 px-3 text-sm font-medium text-white hover:bg-stone-700 dark:bg-stone-200 dark:text-stone-950 dark:hover:bg-white"
            >
              <span aria-hidden="true" className="size-2.5 rounded-sm bg-current" />
              Stop
            </button>
          ) : (
            <button
              type="submit"
              disabled={!text.trim() || over > 0}
              className="inline-flex h-10 shrink-0 items-center gap-1.5 rounded-xl bg-teal-700 px-4 text-sm font-medium text-white hover:bg-teal-800 disabled:cursor-not-allowed disabled:bg-stone-300 disabled:text-stone-600 dark:bg-teal-700 dark:text-white dark:hover:bg-teal-600 dark:disabled:bg-stone-700 dark:disabled:text-stone-400"
            >
              Send
            </button>
          )}
        </form>
        {showCounter && (
          <p
            id={counterId}
            data-char-counter=""
            className={`mt-1.5 flex flex-wrap justify-between gap-x-3 text-xs ${over > 0 ? "font-medium text-red-700 dark:text-red-300" : "text-stone-600 dark:text-stone-400"}`}
          >
            {/* Announced once when the question crosses the limit, not on every keystroke. */}
            <span aria-live="polite">
              {over > 0 && <span data-over-limit="">Too long to send: shorten it to {numberFormat.format(maxChars)} characters or fewer.</span>}
            </span>
            {over <= 0 && <span>{numberFormat.format(maxChars - length)} characters left</span>}
            <span className="ml-auto tabular-nums">
              {numberFormat.format(length)} / {numberFormat.format(maxChars)}
              {over > 0 && ` (${numberFormat.format(over)} over)`}
            </span>
          </p>
        )}
        <p className="mt-1.5 text-center text-xs text-stone-600 dark:text-stone-400">
          Answers come only from the indexed articles. Check the cited passages.
        </p>
      </div>
    </section>
  );
}
