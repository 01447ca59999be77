// Conversations live in this browser's localStorage: private, no account, survives reloads.
// Exposed as an external store for useSyncExternalStore: the server snapshot is empty, so the
// server HTML and the hydrating render agree, and the stored state follows right after.
import { generateId } from "ai";
import type { ChatMessage } from "@/lib/answer/chat-message";
import type { AnswerMode } from "@/lib/types";

export interface StoredConversation {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  messages: ChatMessage[];
  /** The answer mode the conversation was left in (absent in histories saved before modes were kept). */
  mode?: AnswerMode;
  /** The reader renamed it: later saves keep the title instead of deriving it from the first question. */
  renamed?: boolean;
}

const answerModes: readonly AnswerMode[] = ["ask", "summarize", "compare"];

/** A stored conversation's mode; Ask for older entries or anything unrecognised. */
export function modeOf(conversation: StoredConversation | undefined): AnswerMode {
  const mode = conversation?.mode;
  return mode !== undefined && answerModes.includes(mode) ? mode : "ask";
}

const storageKey = "caravan.conversations.v1";
const activeKey = "caravan.active-conversation.v1";
const maxConversations = 50;
/** The id the server renders with: no conversation is known there. */
export const serverConversationId = "new";

function isConversation(value: unknown): value is StoredConversation {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<StoredConversation>;
  return (
    typeof candidate.id === "string" &&
    typeof candidate.title === "string" &&
    typeof candidate.updatedAt === "number" &&
    Array.isArray(candidate.messages) &&
    candidate.messages.every(
      (message) => typeof message === "object" && message !== null && typeof message.id === "string" && Array.isArray(message.parts),
    )
  );
}

function readConversations(): StoredConversation[] {
  try {
    const raw = window.localStorage.getItem(storageKey);
    if (!raw) return [];
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(isConversation).sort((a, b) => b.updatedAt - a.updatedAt);
  } catch {
    // Corrupt or unavailable storage must never break the chat: start empty.
    return [];
  }
}

function writeConversations(conversations: StoredConversation[]): void {
  let kept = conversations.slice(0, maxConversations);
  // On a full quota, drop the oldest conversations until the rest fits.
  while (kept.length > 0) {
    try {
      window.localStorage.setItem(storageKey, JSON.stringify(kept));
      return;
    } catch {
      kept = kept.slice(0, -1);
    }
  }
  try {
    window.localStorage.removeItem(storageKey);
  } catch {
    // Storage unavailable: conversations simply do not persist.
  }
}

// Snapshots are cached so useSyncExternalStore sees the same object until something changes.
let conversationsCache: StoredConversation[] | undefined;
let activeCache: string | undefined;
const listeners = new Set<() => void>();

function emit(): void {
  for (const listener of listeners) listener();
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab changed the history: re-read it.
  const onStorage = (event: StorageEvent) => {
    if (event.key !== null && event.key !== storageKey) return;
    conversationsCache = undefined;
    listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

export function getConversations(): StoredConversation[] {
  conversationsCache ??= readConversations();
  return conversationsCache;
}

const noConversations: StoredConversation[] = [];
export function getServerConversations(): StoredConversation[] {
  return noConversations;
}

/** The open conversation: the one open before the reload, or a fresh id (saved with its first message). */
export function getActiveId(): string {
  if (activeCache === undefined) {
    let stored: string | null = null;
    try {
      stored = window.localStorage.getItem(activeKey);
    } catch {
      stored = null;
    }
    activeCache = stored ?? generateId();
  }
  return activeCache;
}

export function getServerActiveId(): string {
  return serverConversationId;
}

export function setActiveId(id: string): void {
  activeCache = id;
  try {
    window.localStorage.setItem(activeKey, id);
  } catch {
    // Remembering the open conversation is a convenience; ignore storage failures.
  }
  emit();
}

/** Insert or replace one conversation (keeping its creation time). */
export function saveConversation(id: string, messages: ChatMessage[], mode: AnswerMode = "ask"): void {
  const existing = getConversations();
  const previous = existing.find((conversation) => conversation.id === id);
  const now = Date.now();
  const title = previous?.renamed ? previous.title : titleFor(messages);
  const conversation: StoredConversation = { id, title, renamed: previous?.renamed, createdAt: previous?.createdAt ?? now, updatedAt: now, messages, mode };
  const next = [conversation, ...existing.filter((other) => other.id !== id)];
  writeConversations(next);
  conversationsCache = next;
  emit();
}

/** Remember a saved conversation's new mode; its place in the history (updatedAt) stays. */
export function setConversationMode(id: string, mode: AnswerMode): void {
  const existing = getConversations();
  const previous = existing.find((conversation) => conversation.id === id);
  if (!previous || modeOf(previous) === mode) return;
  const next = existing.map((conversation) => (conversation.id === id ? { ...conversation, mode } : conversation));
  writeConversations(next);
  conversationsCache = next;
  emit();
}

function replaceAll(next: StoredConversation[]): void {
  writeConversations(next);
  conversationsCache = next;
  emit();
}

/** Removes a conversation and hands it back, so the caller can offer to undo. */
export function deleteConversation(id: string): StoredConversation | undefined {
  const existing = getConversations();
  const removed = existing.find((conversation) => conversation.id === id);
  if (removed) replaceAll(existing.filter((conversation) => conversation.id !== id));
  return removed;
}

/** Puts a deleted conversation back as it was (its place in the history follows its updatedAt). */
export function restoreConversation(conversation: StoredConversation): void {
  const others = getConversations().filter((other) => other.id !== conversation.id);
  replaceAll([...others, conversation].sort((a, b) => b.updatedAt - a.updatedAt));
}

/** A title the reader chose; blank restores the one drawn from the first question. */
export function renameConversation(id: string, title: string): void {
  const clean = title.replace(/\s+/g, " ").trim().slice(0, 120);
  replaceAll(
    getConversations().map((conversation) =>
      conversation.id !== id ? conversation : clean ? { ...conversation, title: clean, renamed: true } : { ...conversation, title: titleFor(conversation.messages), renamed: false },
    ),
  );
}

/** Conversations whose title or any message holds every word of the query (case and accents ignored). */
export function searchConversations(conversations: StoredConversation[], query: string): StoredConversation[] {
  const fold = (text: string) => text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return conversations;
  return conversations.filter((conversation) => {
    const haystack = fold(
      [conversation.title, ...conversation.messages.flatMap((message) => message.parts.map((part) => (part.type === "text" ? part.text : "")))].join("\n"),
    );
    return words.every((word) => haystack.includes(word));
  });
}

/** A sidebar title: the first question, shortened. */
export function titleFor(messages: ChatMessage[]): string {
  const first = messages.find((message) => message.role === "user");
  const text = first?.parts
    .map((part) => (part.type === "text" ? part.text : ""))
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
  if (!text) return "New conversation";
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
