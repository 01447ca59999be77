// The title shown for an article. Pure and client-safe: the library, the chips and the answer
// engines name an untitled article the same way.

/** The first few words of a text, for articles that carry no title. */
export function firstWords(text: string, count = 8): string {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const head = words.slice(0, count).join(" ");
  return words.length > count ? `${head}…` : head;
}

/** A title to show: the article's own, or a placeholder that says plainly there is none (never invented). */
export function displayTitle(title: string, text?: string): string {
  const trimmed = title.trim();
  if (trimmed) return trimmed;
  const opening = text ? firstWords(text) : "";
  return opening ? `Untitled — ${opening}` : "Untitled article";
}
