// The reader's way back to the answer a citation was opened from: a conversation URL and turn,
// carried as ?from=. Only that shape is accepted, so the link can never point off the site.

const conversationPath = /^\/c\/[A-Za-z0-9_-]{1,64}(?:#turn-\d{1,4})?$/;

/** The conversation address of one turn: `/c/<id>#turn-<n>` (n counts questions from 1). */
export function turnPath(conversationId: string, turn: number): string {
  return `/c/${encodeURIComponent(conversationId)}#turn-${turn}`;
}

/** `from` when it is a conversation address, else undefined (anything else is ignored, not followed). */
export function safeReturnPath(from: string | undefined): string | undefined {
  return from !== undefined && conversationPath.test(from) ? from : undefined;
}

/** A reader URL that remembers where it was opened from: `from` goes in the query, before any #fragment. */
export function withReturnPath(href: string, from: string | undefined): string {
  if (!from) return href;
  const hash = href.indexOf("#");
  const base = hash >= 0 ? href.slice(0, hash) : href;
  const fragment = hash >= 0 ? href.slice(hash) : "";
  return `${base}${base.includes("?") ? "&" : "?"}from=${encodeURIComponent(from)}${fragment}`;
}
