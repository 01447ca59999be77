"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import type { PassageData } from "@/lib/answer/chat-message";
import { usePassageTitle } from "./citation-context";
import { copyText } from "./clipboard";
import { conversationMarkdown, exportFileName } from "./conversation-markdown";
import type { StoredConversation } from "./conversation-store";

const itemClass =
  "block w-full rounded-md px-3 py-2 text-left text-sm text-stone-800 hover:bg-stone-100 focus-visible:bg-stone-100 dark:text-stone-200 dark:hover:bg-stone-800 dark:focus-visible:bg-stone-800";

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/markdown;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the click has been handled: revoking at once can cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Above the thread: on phones the way to the history and to a new chat; for a saved conversation
 * its title and what can be done with it (rename, copy its link, export as Markdown, delete).
 */
export function ConversationBar(props: {
  conversation: StoredConversation | undefined;
  sidebarOpen: boolean;
  onOpenSidebar: () => void;
  onNew: () => void;
  onRename: (title: string) => void;
  onDelete: () => void;
}) {
  const { conversation } = props;
  const [menuOpen, setMenuOpen] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [notice, setNotice] = useState("");
  const menuRef = useRef<HTMLDivElement>(null);
  const menuButton = useRef<HTMLButtonElement>(null);
  const titleOf = usePassageTitle();

  useEffect(() => {
    if (!menuOpen) return;
    menuRef.current?.querySelector<HTMLElement>("button")?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setMenuOpen(false);
      menuButton.current?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      if (!menuRef.current?.contains(event.target as Node) && !menuButton.current?.contains(event.target as Node)) setMenuOpen(false);
    };
    window.addEventListener("keydown", onKey);
    window.addEventListener("pointerdown", onPointer);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener("pointerdown", onPointer);
    };
  }, [menuOpen]);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(""), 2000);
    return () => clearTimeout(timer);
  }, [notice]);


  const copyLink = async () => {
    if (!conversation) return;
    const url = `${window.location.origin}/c/${encodeURIComponent(conversation.id)}`;
    setNotice((await copyText(url)) ? "Link copied" : "Could not copy the link");
    menuButton.current?.focus();
  };

  const exportMarkdown = () => {
    if (!conversation) return;
    const text = conversationMarkdown({
      title: conversation.title,
      messages: conversation.messages,
      exportedAt: new Date(),
      titleOf: (passage: PassageData) => titleOf(passage),
    });
    download(exportFileName(conversation.title), text);
    setNotice("Exported as Markdown");
    menuButton.current?.focus();
  };

  const submitRename = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = new FormData(event.currentTarget).get("title");
    props.onRename(typeof value === "string" ? value : "");
    setRenaming(false);
    setTimeout(() => menuButton.current?.focus(), 0);
  };

  return (
    <div
      className={`${conversation ? "flex" : "flex lg:hidden"} min-h-12 items-center gap-2 border-b border-stone-200 px-3 py-1.5 dark:border-stone-800`}
      data-conversation-bar=""
    >
      <button
        type="button"
        aria-expanded={props.sidebarOpen}
        aria-controls="conversations"
        onClick={props.onOpenSidebar}
        className="inline-flex shrink-0 items-center gap-1.5 rounded-lg px-2.5 py-1.5 text-sm font-medium text-stone-700 hover:bg-stone-200/70 lg:hidden dark:text-stone-300 dark:hover:bg-stone-800"
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4" fill="currentColor">
          <path d="M3 5.75A.75.75 0 0 1 3.75 5h12.5a.75.75 0 0 1 0 1.5H3.75A.75.75 0 0 1 3 5.75Zm0 4.25a.75.75 0 0 1 .75-.75h12.5a.75.75 0 0 1 0 1.5H3.75A.75.75 0 0 1 3 10Zm.75 3.5a.75.75 0 0 0 0 1.5h12.5a.75.75 0 0 0 0-1.5H3.75Z" />
        </svg>
        <span className="sr-only sm:not-sr-only">Conversations</span>
      </button>
      {conversation &&
        (renaming ? (
          <form onSubmit={submitRename} className="flex min-w-0 flex-1 items-center gap-2">
            <label htmlFor="conversation-title" className="sr-only">
              Conversation name
            </label>
            <input
              id="conversation-title"
              name="title"
              defaultValue={conversation.title}
              autoFocus
              maxLength={120}
              onKeyDown={(event) => {
                if (event.key === "Escape") {
                  event.stopPropagation();
                  setRenaming(false);
                }
              }}
              className="min-w-0 flex-1 rounded-md border border-stone-300 bg-white px-2 py-1 text-sm text-stone-900 dark:border-stone-700 dark:bg-stone-900 dark:text-stone-100"
            />
            <button type="submit" className="shrink-0 rounded-md bg-teal-700 px-2.5 py-1 text-sm font-medium text-white hover:bg-teal-800 dark:bg-teal-700 dark:hover:bg-teal-600">
              Save
            </button>
          </form>
        ) : (
          <h1 className="min-w-0 flex-1 truncate text-sm font-medium text-stone-900 dark:text-stone-100" data-conversation-title="">
            {conversation.title}
          </h1>
        ))}
      <span className="sr-only" aria-live="polite">
        {notice}
      </span>
      {notice && <span className="shrink-0 text-xs text-stone-600 dark:text-stone-400">{notice}</span>}
      <div className="relative ml-auto flex shrink-0 items-center gap-1">
        {conversation && !renaming && (
          <>
            <button
              ref={menuButton}
              type="button"
              aria-expanded={menuOpen}
              aria-controls="conversation-actions"
              onClick={() => setMenuOpen((value) => !value)}
              className="inline-flex items-center gap-1 rounded-lg px-2.5 py-1.5 text-sm font-medium text-stone-700 hover:bg-stone-200/70 dark:text-stone-300 dark:hover:bg-stone-800"
            >
              <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4" fill="currentColor">
                <path d="M3 10a1.5 1.5 0 1 1 3 0 1.5 1.5 0 0 1-3 0Zm5.5 0a1.5 1.5 0 1 1 3 0 1.5 1.5 0 0 1-3 0ZM15.5 8.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3Z" />
              </svg>
              <span className="sr-only sm:not-sr-only">Conversation</span>
              <span className="sr-only"> actions</span>
            </button>
            {menuOpen && (
              <div
                ref={menuRef}
                id="conversation-actions"
                className="absolute right-0 top-full z-40 mt-1 w-56 rounded-xl border border-stone-200 bg-white p-1 shadow-lg dark:border-stone-700 dark:bg-stone-900"
              >
                <button type="button" className={itemClass} onClick={() => {
                    setMenuOpen(false);
                    setRenaming(true);
                  }}>
                  Rename
                </button>
                <button type="button" className={itemClass} onClick={() => {
                    setMenuOpen(false);
                    void copyLink();
                  }}>
                  Copy link
                </button>
                <button type="button" className={itemClass} onClick={() => {
                    setMenuOpen(false);
                    exportMarkdown();
                  }}>
                  Export as Markdown
                </button>
                <button type="button" className={`${itemClass} text-red-800 dark:text-red-300`} onClick={() => {
                    setMenuOpen(false);
                    props.onDelete();
                  }}>
                  Delete
                </button>
              </div>
            )}
          </>
        )}
        <button
          type="button"
          onClick={props.onNew}
          className="rounded-lg px-2.5 py-1.5 text-sm font-medium text-teal-800 hover:bg-teal-50 lg:hidden dark:text-teal-300 dark:hover:bg-stone-800"
        >
          New chat
        </button>
      </div>
    </div>
  );
}
