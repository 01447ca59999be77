// The truth of a comparison's agreement and difference statements, judged against the compared
// articles' full texts (not the retrieved passages): an article treats an aspect when one of its
// sentences holds every stem that defines the aspect. Pure: the caller supplies the texts.
import type { ComparisonStatement } from "../answer/chat-message";
import { treatsAspect } from "../text/aspects";

/** Whether the statement is true of the texts (by document id) of every compared article. */
export function statementHolds(statement: ComparisonStatement, texts: ReadonlyMap<string, string>): boolean {
  const treating = statement.comparedIds.filter((documentId) => treatsAspect(texts.get(documentId) ?? "", statement.terms));
  const named = new Set(statement.documentIds);
  switch (statement.kind) {
    case "all":
      return statement.comparedIds.length >= 2 && treating.length === statement.comparedIds.length && named.size === statement.comparedIds.length;
    case "both":
      return named.size === 2 && [...named].every((documentId) => treating.includes(documentId));
    case "only":
      return named.size === 1 && treating.length === 1 && named.has(treating[0]);
  }
}
