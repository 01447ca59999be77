import { ChatPage } from "./components/chat-page";

export default function Home() {
  return <ChatPage />;
}
