// The title shown for an article. Pure and client-safe: the library, the chips and the answer
// engines name an untitled article the same way.

/** The first few words of a text, for articles that carry no title; at most `maxChars` (a "word" may be a 15 MB line). */
export function firstWords(text: string, count = 8, maxChars = 80): string {
  const words = text.slice(0, count * maxChars).trim().split(/\s+/).filter(Boolean);
  const head = words.slice(0, count).join(" ");
  if (head.length > maxChars) return `${head.slice(0, maxChars - 1).trimEnd()}…`;
  return words.length > count ? `${head}…` : head;
}

/** A title to show: the article's own, or a placeholder that says plainly there is none (never invented). */
export function displayTitle(title: string, text?: string): string {
  const trimmed = title.trim();
  if (trimmed) return trimmed;
  const opening = text ? firstWords(text) : "";
  return opening ? `Untitled — ${opening}` : "Untitled article";
}
