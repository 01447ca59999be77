// Shapes the server pages hand to client components (pure types).
import type { DocumentSummary, RetrievalFilters } from "@/lib/types";

export interface LibraryDocument extends DocumentSummary {
  /** The title to show: the article's own, or "Untitled — <first words>". */
  displayTitle: string;
}

export interface ChatFilters {
  documentIds: string[];
  outlets: string[];
}

export const noFilters: ChatFilters = { documentIds: [], outlets: [] };

/** The request's `filters`, or undefined when nothing is chosen (search everything). */
export function toRetrievalFilters(filters: ChatFilters): RetrievalFilters | undefined {
  const result: RetrievalFilters = {};
  if (filters.documentIds.length > 0) result.documentIds = filters.documentIds;
  if (filters.outlets.length > 0) result.outlets = filters.outlets;
  return Object.keys(result).length > 0 ? result : undefined;
}
