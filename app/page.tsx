import { connection } from "next/server";
import { getConfig } from "@/lib/server/config";
import { ChatApp } from "./components/chat-app";
import { loadLibrary, loadSuggestions } from "./components/library-data";

export default async function ChatPage() {
  // The index changes when ingest runs: read it per request, never at build time.
  await connection();
  const library = await loadLibrary();
  const suggestions = library.problem ? [] : await loadSuggestions(library.documents);
  // The composer counts against the same limit the chat route enforces.
  return <ChatApp documents={library.documents} suggestions={suggestions} problem={library.problem} maxMessageChars={getConfig().maxMessageChars} />;
}
