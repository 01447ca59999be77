// How many passages a language model is given. Whole-article and whole-corpus summaries gather
// every passage (the 233 State of the Union speeches are 11,403), far past any context window;
// the extractive engine reads them all, a model gets a spread of them.
import type { Passage } from "@/lib/types";

/**
 * 24 passages of ~180 words are ~6k tokens of sources: they fit an 8k-token local model with
 * room for instructions and the answer. Asking (8), comparing (10) and topic summaries (12) stay
 * under it; the seed corpus's "summarize everything" (22 passages) does too.
 */
export const modelPassageBudget = 24;

/**
 * At most `budget` passages, in their original order. Every document keeps at least its first
 * passage (or, past `budget` documents, documents are taken evenly across the list, so a corpus
 * summary spans the whole collection); the rest of the budget goes round the documents in turn,
 * and each document's share is spread evenly across it, so a long article is not cut to its
 * opening.
 */
export function fitPassageBudget(passages: Passage[], budget: number = modelPassageBudget): Passage[] {
  if (passages.length <= budget) return passages;
  const byDocument = new Map<string, Passage[]>();
  for (const passage of passages) {
    const list = byDocument.get(passage.documentId) ?? [];
    list.push(passage);
    byDocument.set(passage.documentId, list);
  }
  const documents = evenlySpaced([...byDocument.values()], budget);
  const shares = documents.map(() => 1);
  let left = budget - documents.length;
  while (left > 0) {
    let given = 0;
    documents.forEach((document, index) => {
      if (left > 0 && shares[index] < document.length) {
        shares[index] += 1;
        left -= 1;
        given += 1;
      }
    });
    if (given === 0) break;
  }
  const kept = new Set(documents.flatMap((document, index) => evenlySpaced(document, shares[index])));
  return passages.filter((passage) => kept.has(passage));
}

/** `count` items spread evenly over the list, the first always among them. */
function evenlySpaced<T>(items: T[], count: number): T[] {
  if (count >= items.length) return items;
  return Array.from({ length: count }, (_, index) => items[Math.floor((index * items.length) / count)]);
}
