import { ChatPage, type Search } from "./components/chat-page";

export default async function Home({ searchParams }: { searchParams: Promise<Search> }) {
  return <ChatPage query={await searchParams} />;
}
