import { connection } from "next/server";
import { getConfig } from "@/lib/server/config";
import type { AnswerMode } from "@/lib/types";
import { ChatApp } from "./components/chat-app";
import { loadLibrary, loadSuggestions } from "./components/library-data";

type Search = Promise<Record<string, string | string[] | undefined>>;

/** ?ask=question[&mode=summarize|compare]: a question to start a new conversation with. */
function startWith(query: Record<string, string | string[] | undefined>, maxChars: number): { text: string; mode: AnswerMode } | undefined {
  const text = [query.ask].flat()[0]?.trim();
  if (!text || text.length > maxChars) return undefined;
  const mode = [query.mode].flat()[0];
  return { text, mode: mode === "summarize" || mode === "compare" ? mode : "ask" };
}

export default async function ChatPage({ searchParams }: { searchParams: Search }) {
  // The index changes when ingest runs: read it per request, never at build time.
  await connection();
  const start = startWith(await searchParams, getConfig().maxMessageChars);
  const library = await loadLibrary();
  const suggestions = library.problem ? [] : await loadSuggestions(library.documents);
  // The composer counts against the same limit the chat route enforces.
  return <ChatApp documents={library.documents} suggestions={suggestions} problem={library.problem} maxMessageChars={getConfig().maxMessageChars} startWith={start} />;
}
