import type { Metadata } from "next";
import { ChatPage } from "../../components/chat-page";

// Conversations live in the browser's storage: the server serves the chat, the browser reads the id
// from the address and opens that conversation (or says it does not have it).
export const metadata: Metadata = { title: "Conversation" };

export default function ConversationPage() {
  return <ChatPage />;
}
