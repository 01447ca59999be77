"use client";

import { usePathname } from "next/navigation";
import type { MouseEvent } from "react";
import { latestAnswerId, questionInputId, useLatestAnswer } from "./skip-targets";

const linkClass = "sr-only z-50 rounded-md bg-teal-700 px-3 py-2 text-white focus:not-sr-only focus:fixed focus:left-3 focus:top-3";

/** Moves focus itself: following a #fragment scrolls but leaves focus where it was. */
function focusTarget(event: MouseEvent<HTMLAnchorElement>, id: string): void {
  const target = document.getElementById(id);
  if (!target) return;
  event.preventDefault();
  target.focus({ preventScroll: true });
  target.scrollIntoView({ block: id === latestAnswerId ? "start" : "nearest" });
}

/**
 * The first stops of the Tab order. In the chat: the question box, then the newest answer (its
 * citation chips are the next Tab stops); elsewhere the page's content.
 */
export function SkipLinks() {
  const pathname = usePathname() ?? "/";
  const hasAnswer = useLatestAnswer();
  const chat = pathname === "/" || pathname.startsWith("/c/");
  if (!chat) {
    return (
      <a href="#main" className={linkClass}>
        Skip to content
      </a>
    );
  }
  return (
    <>
      <a href={`#${questionInputId}`} onClick={(event) => focusTarget(event, questionInputId)} className={linkClass}>
        Skip to the question box
      </a>
      {hasAnswer && (
        <a href={`#${latestAnswerId}`} onClick={(event) => focusTarget(event, latestAnswerId)} className={linkClass}>
          Skip to the newest answer
        </a>
      )}
    </>
  );
}
