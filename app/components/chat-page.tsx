import { connection } from "next/server";
import { getConfig } from "@/lib/server/config";
import type { AnswerMode } from "@/lib/types";
import { ChatApp } from "./chat-app";
import { loadLibrary, loadSuggestions } from "./library-data";

/** The chat, at `/` (a new or the last open conversation) and at `/c/<id>` (one conversation, read from the browser's storage by the client). */
export type Search = Record<string, string | string[] | undefined>;

/** ?ask=question[&mode=summarize|compare]: a question to start a new conversation with. */
function startWith(query: Search, maxChars: number): { text: string; mode: AnswerMode } | undefined {
  const text = [query.ask].flat()[0]?.trim();
  if (!text || text.length > maxChars) return undefined;
  const mode = [query.mode].flat()[0];
  return { text, mode: mode === "summarize" || mode === "compare" ? mode : "ask" };
}

export async function ChatPage(props: { query?: Search } = {}) {
  // The index changes when ingest runs: read it per request, never at build time.
  await connection();
  const start = props.query ? startWith(props.query, getConfig().maxMessageChars) : undefined;
  const library = await loadLibrary();
  const suggestions = library.problem ? [] : await loadSuggestions(library.documents);
  // The composer counts against the same limit the chat route enforces.
  return (
    <ChatApp
      documents={library.documents}
      suggestions={suggestions}
      problem={library.problem}
      maxMessageChars={getConfig().maxMessageChars}
      startWith={start}
    />
  );
}
