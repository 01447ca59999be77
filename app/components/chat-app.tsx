"use client";

import { generateId } from "ai";
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import type { ChatMessage } from "@/lib/answer/chat-message";
import type { Suggestion } from "@/lib/answer/suggestions";
import type { AnswerMode } from "@/lib/types";
import { ChatThread } from "./chat-thread";
import { DocumentTitlesContext } from "./citation-context";
import { ConversationBar } from "./conversation-bar";
import { ConversationSidebar } from "./conversation-sidebar";
import {
  deleteConversation,
  getActiveId,
  getConversations,
  getServerActiveId,
  getServerConversations,
  modeOf,
  renameConversation,
  restoreConversation,
  saveConversation,
  serverConversationId,
  setActiveId,
  setConversationMode,
  subscribe,
  type StoredConversation,
} from "./conversation-store";
import { noFilters, type ChatFilters, type LibraryDocument } from "./library-types";

const noMessages: ChatMessage[] = [];
/** How long a deleted conversation can be brought back. */
const undoMs = 10_000;

/** The same conversation gets its address: no new history entry, and nothing on screen changes. */
function replacePath(path: string): void {
  if (window.location.pathname !== path) window.history.replaceState(null, "", path);
}

function conversationIdOf(path: string | null): string | undefined {
  const match = /^\/c\/([^/]+)\/?$/.exec(path ?? "");
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

export function conversationPath(id: string): string {
  return `/c/${encodeURIComponent(id)}`;
}

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
  const storedActiveId = useSyncExternalStore(subscribe, getActiveId, getServerActiveId);
  const hydrated = storedActiveId !== serverConversationId;

  // The address is the conversation. Ours changes by pushState (no server round trip); the
  // router's pathname catches up a moment later, so the path we asked for counts until it does.
  const pathname = usePathname();
  const [pending, setPending] = useState<{ path: string; from: string | null } | null>(null);
  // Once the router moves (to our path, or by Back/Forward elsewhere) its pathname rules again.
  if (pending && pending.from !== pathname) setPending(null);
  const effectivePath = pending && pending.from === pathname ? pending.path : pathname;
  const routeId = conversationIdOf(effectivePath);
  // A new history entry (opening another conversation, a new chat): Back returns to the last one.
  const pushPath = (path: string) => {
    if (window.location.pathname === path) return;
    setPending({ path, from: pathname });
    window.history.pushState(null, "", path);
  };

  const activeId = hydrated ? (routeId ?? storedActiveId) : serverConversationId;
  const active = conversations.find((conversation) => conversation.id === activeId);
  const missing = hydrated && routeId !== undefined && !active;

  // The mode picked in this conversation; otherwise the one stored with it (Ask for a new chat).
  // Derived per conversation id, so opening one restores its mode and New chat starts in Ask.
  const [modeChoice, setModeChoice] = useState<{ id: string; mode: AnswerMode } | null>(null);
  const [filters, setFilters] = useState<ChatFilters>(noFilters);
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const [undo, setUndo] = useState<{ conversation: StoredConversation; wasActive: boolean } | null>(null);
  // Only read when a thread mounts (useChat takes its initial messages once per conversation id).
  const initialMessages = active?.messages ?? noMessages;
  const mode = modeChoice?.id === activeId ? modeChoice.mode : modeOf(active);

  // `/` reopens the last conversation: give it its address. A conversation opened by address
  // becomes the one `/` reopens next time.
  useEffect(() => {
    if (!hydrated) return;
    if (routeId === undefined && active) replacePath(conversationPath(active.id));
    else if (routeId !== undefined && active && storedActiveId !== routeId) setActiveId(routeId);
  }, [hydrated, routeId, active, storedActiveId]);

  const changeMode = (next: AnswerMode) => {
    setModeChoice({ id: activeId, mode: next });
    if (activeId !== serverConversationId) setConversationMode(activeId, next);
  };

  const titles = useMemo(() => new Map(props.documents.map((document) => [document.id, document.displayTitle])), [props.documents]);

  const persist = useCallback(
    (id: string, messages: ChatMessage[]) => {
      if (id === serverConversationId) return;
      // Only the open conversation's thread saves, so the mode on screen is its mode.
      saveConversation(id, messages, mode);
      // Remember the open conversation only once it has something in it; from now on it has an address.
      if (id === activeId) {
        setActiveId(id);
        replacePath(conversationPath(id));
      }
    },
    [mode, activeId],
  );

  const startNew = () => {
    setActiveId(generateId());
    pushPath("/");
    setSidebarOpen(false);
  };

  const open = (id: string) => {
    setActiveId(id);
    pushPath(conversationPath(id));
    setSidebarOpen(false);
  };

  // Delete is undoable for a while: the conversation is held here, and put back as it was.
  const remove = (id: string) => {
    const wasActive = id === activeId;
    if (wasActive) startNew();
    const removed = deleteConversation(id);
    if (removed) setUndo({ conversation: removed, wasActive });
  };
  const undoRemove = () => {
    if (!undo) return;
    restoreConversation(undo.conversation);
    if (undo.wasActive) open(undo.conversation.id);
    setUndo(null);
  };
  useEffect(() => {
    if (!undo) return;
    const timer = setTimeout(() => setUndo(null), undoMs);
    return () => clearTimeout(timer);
  }, [undo]);

  const closeSidebar = useCallback(() => setSidebarOpen(false), [setSidebarOpen]);

  // /?ask=…: a new conversation asks it once; the address loses the question (the conversation
  // gets its own address once it is saved), so a reload does not ask again.
  const [autoAsk, setAutoAsk] = useState<{ id: string; text: string; mode: AnswerMode } | undefined>(undefined);
  const startWith = props.startWith;
  const started = useRef(false);
  useEffect(() => {
    if (!startWith || started.current || !hydrated) return;
    started.current = true;
    const fresh = generateId();
    setActiveId(fresh);
    setAutoAsk({ id: fresh, ...startWith });
    window.history.replaceState(null, "", "/");
  }, [startWith, hydrated]);

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
          <ConversationBar
            conversation={active}
            sidebarOpen={sidebarOpen}
            onOpenSidebar={() => setSidebarOpen(true)}
            onNew={startNew}
            onRename={(title) => active && renameConversation(active.id, title)}
            onDelete={() => active && remove(active.id)}
          />
          {missing ? (
            <div className="mx-auto w-full max-w-3xl flex-1 px-4 py-10 sm:px-6" data-conversation-missing="">
              <h1 className="text-2xl font-semibold tracking-tight text-stone-950 dark:text-stone-50">This conversation is not in this browser</h1>
              <p className="mt-2 max-w-prose text-stone-700 dark:text-stone-300">
                Conversations are kept only in the browser they were held in, so this link opens nothing here. It may also
                have been deleted, or the browser&apos;s storage cleared.
              </p>
              <button
                type="button"
                onClick={startNew}
                className="mt-6 rounded-lg bg-teal-700 px-4 py-2 text-sm font-medium text-white hover:bg-teal-800 dark:bg-teal-700 dark:text-white dark:hover:bg-teal-600"
              >
                Start a new chat
              </button>
            </div>
          ) : (
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
          )}
        </main>
      </div>
      <div aria-live="polite" className="pointer-events-none fixed inset-x-0 bottom-40 z-40 flex justify-center px-4">
        {undo && (
          <div
            role="status"
            data-undo-delete=""
            className="pointer-events-auto flex max-w-md items-center gap-3 rounded-xl bg-stone-900 px-4 py-2.5 text-sm text-white shadow-lg dark:bg-stone-100 dark:text-stone-950"
          >
            <span className="min-w-0 truncate">Deleted “{undo.conversation.title}”</span>
            <button
              type="button"
              onClick={undoRemove}
              className="shrink-0 rounded-md px-2 py-1 font-semibold text-teal-300 hover:bg-white/10 dark:text-teal-800 dark:hover:bg-stone-900/10"
            >
              Undo
            </button>
          </div>
        )}
      </div>
    </DocumentTitlesContext.Provider>
  );
}
