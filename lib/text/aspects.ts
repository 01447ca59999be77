// Whether a text treats an aspect: one of its sentences holds every stem that defines the
// aspect. The compare engine states agreement and difference by it, and the evaluation re-checks
// those statements by it against the full articles.
import { contentTerms, scoringSentences } from "./terms";

export function treatsAspect(text: string, terms: readonly string[]): boolean {
  if (terms.length === 0) return false;
  return scoringSentences(text).some((sentence) => {
    const own = new Set(contentTerms(sentence));
    return terms.every((term) => own.has(term));
  });
}
