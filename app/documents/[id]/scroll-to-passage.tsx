"use client";

import { useEffect } from "react";

/**
 * Brings the highlighted passage to the middle of the screen once the page mounts. The `#passage`
 * fragment alone puts it at the very top, under the sticky header.
 */
export function ScrollToPassage({ targetId }: { targetId: string }) {
  useEffect(() => {
    const target = document.getElementById(targetId);
    if (!target) return;
    const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    target.scrollIntoView({ block: "center", behavior: reduceMotion ? "auto" : "smooth" });
  }, [targetId]);
  return null;
}
