// Small display helpers shared by server pages and client components (pure, no DOM, no fs).

const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * "2024-08-20" -> "20 Aug 2024", "2024-08" -> "Aug 2024". Formatted by hand, not with
 * toLocaleDateString, so the server and the browser print the same text (no hydration mismatch).
 */
export function formatDate(iso: string): string {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(iso.trim());
  if (!match) return iso;
  const [, year, month, day] = match;
  const monthName = month ? months[Number(month) - 1] : undefined;
  if (!monthName) return year;
  return day ? `${Number(day)} ${monthName} ${year}` : `${monthName} ${year}`;
}

export { displayTitle, firstWords } from "@/lib/text/display-title";

/** "~1,110 words · 6,662 chars": words for people, characters because offsets count them. */
export function formatLength(chars: number): string {
  const words = Math.max(1, Math.round(chars / 6));
  return `~${words.toLocaleString("en-US")} words · ${chars.toLocaleString("en-US")} chars`;
}

/** Outlet and date joined for a byline, skipping the empty ones. */
export function byline(parts: { outlet?: string; date?: string; author?: string }): string {
  return [parts.outlet?.trim(), parts.author?.trim(), parts.date ? formatDate(parts.date) : ""]
    .filter((part): part is string => Boolean(part))
    .join(" · ");
}

/** Shorten text to about `max` characters at a word boundary. */
export function truncate(text: string, max: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, "")}…`;
}
