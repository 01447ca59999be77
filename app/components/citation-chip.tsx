"use client";

import Link from "next/link";
import { type RefObject, useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";
import type { CitationCheck, PassageData } from "@/lib/answer/chat-message";
import { useCitationSources, usePassageTitle, useReturnPath } from "./citation-context";
import { pageAt } from "@/lib/text/pages";
import { byline } from "./format";
import { checkForSpan, spanHref, type QuotedSpan } from "./comparison";
import { checkFor, quoteWindow, readerHref } from "./message-parts";
import { withReturnPath } from "./return-path";

const openDelay = 80;
const closeDelay = 160;

/** The block of answer text a chip sits in: its sentence is somewhere inside. */
function blockTextOf(element: HTMLElement | null): string | undefined {
  return element?.closest("p, li, td, th, h1, h2, h3, h4, blockquote")?.textContent ?? undefined;
}

/**
 * One `[n]` marker: a numbered link to the reader with a preview card on hover or focus. `marker`
 * is the marker's place among the answer's markers: the check of that marker is this chip's.
 * `quote` instead names the sentence outright (a comparison cell quoting its article): the chip
 * opens that span.
 */
export function CitationChip({ n, marker, quote }: { n: number; marker?: number; quote?: QuotedSpan }) {
  const { passages, checks, complete } = useCitationSources();
  const titleOf = usePassageTitle();
  const returnPath = useReturnPath();
  const passage = passages.get(n);
  const anchorRef = useRef<HTMLAnchorElement>(null);
  const [open, setOpen] = useState(false);
  // The text around the chip, read when the card opens: for checks without a marker (older
  // answers) it picks the check of this chip's sentence.
  const [blockText, setBlockText] = useState<string | undefined>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const cardId = useId();
  // Touch has no hover: the first tap shows the preview, a second tap on the chip opens the reader.
  const [touch, setTouch] = useState(false);
  // Opened by keyboard focus (Tab), not a pointer: the card's hint says "Press Enter", not "Click".
  const [keyboard, setKeyboard] = useState(false);
  const openAtTap = useRef(false);
  const lastPointerTouch = useRef(false);

  const schedule = useCallback((next: boolean, delay: number) => {
    clearTimeout(timer.current);
    if (next) setBlockText(blockTextOf(anchorRef.current));
    timer.current = setTimeout(() => setOpen(next), delay);
  }, []);
  useEffect(() => () => clearTimeout(timer.current), []);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(false);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);

  if (!passage) {
    // The passage part has not arrived (or never will): keep the marker readable, not clickable.
    return <span className="text-xs text-stone-500 dark:text-stone-400">[{n}]</span>;
  }

  const check = quote ? checkForSpan(passage, checks, quote) : checkFor(n, checks, blockText, marker);
  const title = titleOf(passage);
  const href = withReturnPath(quote ? spanHref(passage, quote, check) : readerHref(passage, check), returnPath);
  return (
    <>
      <Link
        ref={anchorRef}
        href={href}
        prefetch={false}
        data-citation={n}
        aria-label={`Source ${n}: ${title}`}
        aria-describedby={open ? cardId : undefined}
        onMouseEnter={() => {
          setKeyboard(false);
          schedule(true, openDelay);
        }}
        onMouseLeave={() => schedule(false, closeDelay)}
        onFocus={(event) => {
          // :focus-visible is the browser's own "focused from the keyboard" heuristic.
          const fromKeyboard = event.currentTarget.matches(":focus-visible");
          setKeyboard(fromKeyboard);
          if (fromKeyboard) setTouch(false);
          schedule(true, 0);
        }}
        onBlur={() => schedule(false, closeDelay)}
        onPointerDown={(event) => {
          lastPointerTouch.current = event.pointerType !== "mouse";
          setTouch(lastPointerTouch.current);
          setKeyboard(false);
          openAtTap.current = open;
        }}
        onClick={(event) => {
          // event.detail is 0 for keyboard activation: Enter always opens the reader.
          if (event.detail > 0 && lastPointerTouch.current && !openAtTap.current) {
            event.preventDefault();
            schedule(true, 0);
          }
        }}
        className="mx-0.5 inline-flex h-[1.15rem] min-w-[1.15rem] -translate-y-px items-center justify-center rounded-full bg-teal-100 px-1 align-middle text-[0.7rem] font-semibold leading-none text-teal-900 no-underline ring-1 ring-teal-700/20 transition-colors hover:bg-teal-700 hover:text-white dark:bg-teal-900/70 dark:text-teal-100 dark:ring-teal-300/30 dark:hover:bg-teal-300 dark:hover:text-stone-950"
      >
        {n}
      </Link>
      {open && (
        <PreviewCard
          id={cardId}
          anchorRef={anchorRef}
          passage={passage}
          title={title}
          check={check}
          checked={complete}
          touch={touch}
          keyboard={keyboard}
          n={n}
          onPointerEnter={() => clearTimeout(timer.current)}
          onPointerLeave={() => schedule(false, closeDelay)}
        />
      )}
    </>
  );
}

function SupportBadge({ check, checked }: { check?: CitationCheck; checked: boolean }) {
  if (!check) {
    return (
      <span className="text-xs text-stone-600 dark:text-stone-400">{checked ? "Not checked" : "Checking support…"}</span>
    );
  }
  const supported = check.support === "supported";
  return (
    <span
      className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ${
        supported
          ? "bg-emerald-100 text-emerald-900 dark:bg-emerald-900/60 dark:text-emerald-100"
          : "bg-amber-100 text-amber-900 dark:bg-amber-900/60 dark:text-amber-100"
      }`}
    >
      <span aria-hidden="true">{supported ? "✓" : "!"}</span>
      {supported ? "Supported by this passage" : "Weak support"}
    </span>
  );
}

function PreviewCard(props: {
  id: string;
  n: number;
  anchorRef: RefObject<HTMLAnchorElement | null>;
  passage: PassageData;
  title: string;
  check?: CitationCheck;
  checked: boolean;
  touch: boolean;
  keyboard: boolean;
  onPointerEnter: () => void;
  onPointerLeave: () => void;
}) {
  const { id, n, anchorRef, passage, check, checked } = props;
  const cardRef = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState<{ top: number; left: number; width: number } | null>(null);

  // Fixed positioning next to the chip, clamped to the viewport; above the chip when below won't fit.
  useLayoutEffect(() => {
    const place = () => {
      const anchor = anchorRef.current;
      if (!anchor) return;
      const rect = anchor.getBoundingClientRect();
      const margin = 8;
      const width = Math.min(384, window.innerWidth - margin * 2);
      const height = cardRef.current?.offsetHeight ?? 200;
      const left = Math.min(Math.max(margin, rect.left + rect.width / 2 - width / 2), window.innerWidth - width - margin);
      const below = rect.bottom + 6;
      const top = below + height + margin > window.innerHeight && rect.top - height - 6 > margin ? rect.top - height - 6 : below;
      setPosition({ top, left, width });
    };
    place();
    window.addEventListener("scroll", place, true);
    window.addEventListener("resize", place);
    return () => {
      window.removeEventListener("scroll", place, true);
      window.removeEventListener("resize", place);
    };
  }, [anchorRef, check]);

  const { before, quote, after } = quoteWindow(passage, check);
  // A PDF passage says which page the cited sentence is on.
  const page = pageAt(passage.pages, check?.quoteStart ?? passage.start);
  const meta = [byline({ outlet: passage.outlet, date: passage.date }), page === undefined ? "" : `p. ${page}`].filter(Boolean).join(" · ");
  return createPortal(
    <div
      ref={cardRef}
      id={id}
      role="tooltip"
      data-citation-preview={n}
      onPointerEnter={props.onPointerEnter}
      onPointerLeave={props.onPointerLeave}
      style={{ top: position?.top ?? -9999, left: position?.left ?? 0, width: position?.width ?? 384 }}
      className="fixed z-50 rounded-xl border border-stone-200 bg-white p-4 text-left text-sm shadow-xl shadow-stone-900/10 dark:border-stone-700 dark:bg-stone-900 dark:shadow-black/40"
    >
      <div className="mb-2 flex items-start gap-2">
        <span className="mt-0.5 grid size-5 shrink-0 place-items-center rounded-full bg-teal-700 text-[0.7rem] font-semibold text-white dark:bg-teal-700 dark:text-white">
          {n}
        </span>
        <div className="min-w-0">
          <p className="font-semibold leading-snug text-stone-900 dark:text-stone-50">{props.title}</p>
          {meta && <p className="mt-0.5 text-xs text-stone-600 dark:text-stone-400">{meta}</p>}
        </div>
      </div>
      <p className="font-serif leading-relaxed text-stone-700 dark:text-stone-300">
        {before}
        {quote && <mark>{quote}</mark>}
        {after}
      </p>
      <div className="mt-3 flex flex-wrap items-center justify-between gap-2">
        <SupportBadge check={check} checked={checked} />
        <span className="text-xs text-stone-600 dark:text-stone-400">
          {props.touch
            ? "Tap the number again to open the article"
            : props.keyboard
              ? "Press Enter to open the article"
              : "Click the number to open the article"}
        </span>
      </div>
    </div>,
    document.body,
  );
}
