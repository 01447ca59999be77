"use client";

import { createContext, useContext } from "react";
import type { CitationCheck, PassageData } from "@/lib/answer/chat-message";

export interface CitationSources {
  passages: Map<number, PassageData>;
  checks: CitationCheck[];
  /** True once the answer finished streaming: until then a missing check means "not checked yet". */
  complete: boolean;
}

const empty: CitationSources = { passages: new Map(), checks: [], complete: false };

export const CitationContext = createContext<CitationSources>(empty);

export function useCitationSources(): CitationSources {
  return useContext(CitationContext);
}

/** Display titles by document id, from the library: names passages whose article has no title. */
export const DocumentTitlesContext = createContext<ReadonlyMap<string, string>>(new Map());

/** A passage's title: its own, else the library's placeholder ("Untitled — first words"). */
export function usePassageTitle(): (passage: Pick<PassageData, "title" | "documentId">) => string {
  const titles = useContext(DocumentTitlesContext);
  return (passage) => passage.title.trim() || titles.get(passage.documentId) || "Untitled article";
}

/** Where the reader's "Back to the answer" returns: this answer's conversation and turn (`/c/<id>#turn-<n>`). */
export const ReturnPathContext = createContext<string | undefined>(undefined);

export function useReturnPath(): string | undefined {
  return useContext(ReturnPathContext);
}
