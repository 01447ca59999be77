import { connection } from "next/server";
import { getConfig } from "@/lib/server/config";
import { ChatApp } from "./chat-app";
import { loadLibrary, loadSuggestions } from "./library-data";

/** The chat, at `/` (a new or the last open conversation) and at `/c/<id>` (one conversation, read from the browser's storage by the client). */
export async function ChatPage() {
  // The index changes when ingest runs: read it per request, never at build time.
  await connection();
  const library = await loadLibrary();
  const suggestions = library.problem ? [] : await loadSuggestions(library.documents);
  // The composer counts against the same limit the chat route enforces.
  return (
    <ChatApp
      documents={library.documents}
      suggestions={suggestions}
      problem={library.problem}
      maxMessageChars={getConfig().maxMessageChars}
    />
  );
}
