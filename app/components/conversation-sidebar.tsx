"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { searchConversations, type StoredConversation } from "./conversation-store";

/** Only rendered after the list loads from storage (client side), so "now" cannot mismatch the server. */
function relativeDay(timestamp: number): string {
  const now = Date.now();
  const day = 86_400_000;
  const days = Math.floor((now - timestamp) / day);
  if (days <= 0) return "Today";
  if (days === 1) return "Yesterday";
  if (days < 7) return `${days} days ago`;
  return new Date(timestamp).toISOString().slice(0, 10);
}

/**
 * Saved conversations. A static column from `lg` up; below that a drawer over the page, opened
 * from the chat toolbar, closed by Escape, by the backdrop or by choosing a conversation.
 */
export function ConversationSidebar(props: {
  conversations: StoredConversation[];
  activeId: string;
  open: boolean;
  onClose: () => void;
  onNew: () => void;
  onOpen: (id: string) => void;
  onDelete: (id: string) => void;
}) {
  const { open, onClose } = props;
  const panelRef = useRef<HTMLElement>(null);
  const [query, setQuery] = useState("");
  const shown = useMemo(() => searchConversations(props.conversations, query), [props.conversations, query]);

  useEffect(() => {
    if (!open) return;
    panelRef.current?.querySelector<HTMLElement>("button")?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open, onClose]);

  return (
    <>
      {open && <div aria-hidden="true" onClick={onClose} className="fixed inset-0 z-30 bg-stone-950/40 lg:hidden" />}
      <aside
        ref={panelRef}
        id="conversations"
        aria-label="Conversations"
        className={`${open ? "fixed inset-y-0 left-0 z-40 flex w-72 max-w-[85vw] shadow-2xl" : "hidden"} flex-col border-r border-stone-200 bg-stone-100 lg:sticky lg:top-14 lg:z-auto lg:flex lg:h-[calc(100dvh-3.5rem)] lg:w-72 lg:max-w-none lg:shrink-0 lg:shadow-none dark:border-stone-800 dark:bg-stone-900`}
      >
        <div className="flex items-center gap-2 p-3">
          <button
            type="button"
            onClick={props.onNew}
            className="flex flex-1 items-center justify-center gap-1.5 rounded-lg bg-teal-700 px-3 py-2 text-sm font-medium text-white hover:bg-teal-800 dark:bg-teal-700 dark:text-white dark:hover:bg-teal-600"
          >
            <span aria-hidden="true">+</span> New chat
          </button>
          <button
            type="button"
            onClick={onClose}
            className="rounded-lg px-2 py-2 text-sm text-stone-700 hover:bg-stone-200 lg:hidden dark:text-stone-300 dark:hover:bg-stone-800"
          >
            Close<span className="sr-only"> conversations</span>
          </button>
        </div>
        <h2 className="px-4 pb-1 pt-2 text-xs font-semibold uppercase tracking-wide text-stone-600 dark:text-stone-400">History</h2>
        {props.conversations.length > 0 && (
          <div className="px-3 pb-2 pt-1">
            <label htmlFor="conversation-search" className="sr-only">
              Search conversations
            </label>
            <input
              id="conversation-search"
              type="search"
              value={query}
              onChange={(event) => setQuery(event.target.value)}
              placeholder="Search conversations"
              className="w-full rounded-lg border border-stone-300 bg-white px-3 py-1.5 text-sm text-stone-900 placeholder:text-stone-500 dark:border-stone-700 dark:bg-stone-950 dark:text-stone-100 dark:placeholder:text-stone-400"
            />
          </div>
        )}
        {props.conversations.length === 0 ? (
          <p className="px-4 py-2 text-sm text-stone-600 dark:text-stone-400">Your conversations are saved in this browser and appear here.</p>
        ) : shown.length === 0 ? (
          <p className="px-4 py-2 text-sm text-stone-600 dark:text-stone-400" role="status">
            No conversation matches “{query.trim()}”.
          </p>
        ) : (
          <ul className="flex-1 space-y-0.5 overflow-y-auto px-2 pb-4" data-conversation-list="">
            {shown.map((conversation) => {
              const active = conversation.id === props.activeId;
              return (
                <li key={conversation.id} className="group relative">
                  {/* A real link: it opens in a new tab too; a plain click switches here without a page load. */}
                  <a
                    href={`/c/${encodeURIComponent(conversation.id)}`}
                    onClick={(event) => {
                      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
                      event.preventDefault();
                      props.onOpen(conversation.id);
                    }}
                    aria-current={active ? "page" : undefined}
                    className={`block w-full rounded-lg py-2 pl-3 pr-9 text-left text-sm ${
                      active
                        ? "bg-white font-medium text-stone-950 shadow-sm dark:bg-stone-800 dark:text-white"
                        : "text-stone-800 hover:bg-stone-200/80 dark:text-stone-200 dark:hover:bg-stone-800/70"
                    }`}
                  >
                    <span className="line-clamp-2 leading-snug wrap-anywhere">{conversation.title}</span>
                    <span className="mt-0.5 block text-xs font-normal text-stone-600 dark:text-stone-400">
                      {relativeDay(conversation.updatedAt)}
                    </span>
                  </a>
                  <button
                    type="button"
                    onClick={() => props.onDelete(conversation.id)}
                    aria-label={`Delete conversation: ${conversation.title}`}
                    title="Delete conversation (can be undone)"
                    className="absolute right-1 top-1.5 rounded-md p-1.5 text-stone-600 opacity-100 hover:bg-stone-300/70 hover:text-stone-950 focus-visible:opacity-100 lg:opacity-0 lg:group-hover:opacity-100 dark:text-stone-400 dark:hover:bg-stone-700 dark:hover:text-white"
                  >
                    <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4" fill="currentColor">
                      <path d="M8.5 3a1 1 0 0 0-1 1v.5H4.75a.75.75 0 0 0 0 1.5h.3l.72 9.36A2 2 0 0 0 7.76 17.2h4.48a2 2 0 0 0 1.99-1.84L14.95 6h.3a.75.75 0 0 0 0-1.5H12.5V4a1 1 0 0 0-1-1h-3Zm-.7 5.05a.75.75 0 0 1 .8.7l.25 5a.75.75 0 0 1-1.5.08l-.25-5a.75.75 0 0 1 .7-.78Zm4.4.7a.75.75 0 1 0-1.5-.08l-.25 5a.75.75 0 0 0 1.5.08l.25-5Z" />
                    </svg>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </aside>
    </>
  );
}
