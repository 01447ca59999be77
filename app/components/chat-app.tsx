"use client";

import { generateId } from "ai";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import type { ChatMessage } from "@/lib/answer/chat-message";
import type { Suggestion } from "@/lib/answer/suggestions";
import type { AnswerMode } from "@/lib/types";
import { ChatThread } from "./chat-thread";
import { DocumentTitlesContext } from "./citation-context";
import { ConversationSidebar } from "./conversation-sidebar";
import {
  deleteConversation,
  getActiveId,
  getConversations,
  getServerActiveId,
  getServerConversations,
  modeOf,
  saveConversation,
  serverConversationId,
  setActiveId,
  setConversationMode,
  subscribe,
} from "./conversation-store";
import { noFilters, type ChatFilters, type LibraryDocument } from "./library-types";

const noMessages: ChatMessage[] = [];

export function ChatApp(props: {
  documents: LibraryDocument[];
  suggestions: Suggestion[];
  problem?: string;
  maxMessageChars?: number;
  /** A question to ask in a new conversation as the page opens (/?ask=…, from a source guide). */
  startWith?: { text: string; mode: AnswerMode };
}) {
  // localStorage through an external store: the server and hydration render the empty snapshot.
  const conversations = useSyncExternalStore(subscribe, getConversations, getServerConversations);
  const activeId = useSyncExternalStore(subscribe, getActiveId, getServerActiveId);
  // The mode picked in this conversation; otherwise the one stored with it (Ask for a new chat).
  // Derived per conversation id, so opening one restores its mode and New chat starts in Ask.
  const [modeChoice, setModeChoice] = useState<{ id: string; mode: AnswerMode } | null>(null);
  const [filters, setFilters] = useState<ChatFilters>(noFilters);
  const [sidebarOpen, setSidebarOpen] = useState(false);
  // Only read when a thread mounts (useChat takes its initial messages once per conversation id).
  const active = conversations.find((conversation) => conversation.id === activeId);
  const initialMessages = active?.messages ?? noMessages;
  const mode = modeChoice?.id === activeId ? modeChoice.mode : modeOf(active);

  const changeMode = useCallback(
    (next: AnswerMode) => {
      setModeChoice({ id: activeId, mode: next });
      if (activeId !== serverConversationId) setConversationMode(activeId, next);
    },
    [activeId],
  );

  const titles = useMemo(() => new Map(props.documents.map((document) => [document.id, document.displayTitle])), [props.documents]);

  const persist = useCallback(
    (id: string, messages: ChatMessage[]) => {
      if (id === serverConversationId) return;
      // Only the open conversation's thread saves, so the mode on screen is its mode.
      saveConversation(id, messages, mode);
      // Remember the open conversation only once it has something in it.
      if (id === getActiveId()) setActiveId(id);
    },
    [mode],
  );

  const startNew = useCallback(() => {
    setActiveId(generateId());
    setSidebarOpen(false);
  }, []);

  const open = useCallback((id: string) => {
    setActiveId(id);
    setSidebarOpen(false);
  }, []);

  const remove = useCallback((id: string) => {
    deleteConversation(id);
    if (id === getActiveId()) setActiveId(generateId());
  }, []);

  const closeSidebar = useCallback(() => setSidebarOpen(false), []);

  // /?ask=…: a new conversation asks it once; the address loses the question, so a reload does not ask again.
  const [autoAsk, setAutoAsk] = useState<{ id: string; text: string; mode: AnswerMode } | undefined>(undefined);
  const startWith = props.startWith;
  const started = useRef(false);
  useEffect(() => {
    if (!startWith || started.current) return;
    started.current = true;
    const fresh = generateId();
    setActiveId(fresh);
    setAutoAsk({ id: fresh, ...startWith });
    window.history.replaceState(null, "", "/");
  }, [startWith]);

  return (
    <DocumentTitlesContext.Provider value={titles}>
      <div className="flex flex-1">
        <ConversationSidebar
          conversations={conversations}
          activeId={activeId}
          open={sidebarOpen}
          onClose={closeSidebar}
          onNew={startNew}
          onOpen={open}
          onDelete={remove}
        />
        {/* data-conversation leaves "new" once the browser has hydrated and read its history. */}
        <main className="flex min-w-0 flex-1 flex-col" data-conversation={activeId}>
          <div className="flex items-center gap-2 border-b border-stone-200 px-3 py-2 lg:hidden dark:border-stone-800">
            <button
              type="button"
              aria-expanded={sidebarOpen}
              aria-controls="conversations"
              onClick={() => setSidebarOpen(true)}
              className="inline-flex items-center gap-1.5 rounded-lg px-2.5 py-1.5 text-sm font-medium text-stone-700 hover:bg-stone-200/70 dark:text-stone-300 dark:hover:bg-stone-800"
            >
              <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4" fill="currentColor">
                <path d="M3 5.75A.75.75 0 0 1 3.75 5h12.5a.75.75 0 0 1 0 1.5H3.75A.75.75 0 0 1 3 5.75Zm0 4.25a.75.75 0 0 1 .75-.75h12.5a.75.75 0 0 1 0 1.5H3.75A.75.75 0 0 1 3 10Zm.75 3.5a.75.75 0 0 0 0 1.5h12.5a.75.75 0 0 0 0-1.5H3.75Z" />
              </svg>
              Conversations
            </button>
            <button
              type="button"
              onClick={startNew}
              className="ml-auto rounded-lg px-2.5 py-1.5 text-sm font-medium text-teal-800 hover:bg-teal-50 dark:text-teal-300 dark:hover:bg-stone-800"
            >
              New chat
            </button>
          </div>
          <ChatThread
            key={activeId}
            id={activeId}
            initialMessages={initialMessages}
            mode={mode}
            onModeChange={changeMode}
            filters={filters}
            onFiltersChange={setFilters}
            documents={props.documents}
            suggestions={props.suggestions}
            problem={props.problem}
            onPersist={persist}
            maxMessageChars={props.maxMessageChars}
            autoAsk={autoAsk?.id === activeId ? autoAsk : undefined}
          />
        </main>
      </div>
    </DocumentTitlesContext.Provider>
  );
}
