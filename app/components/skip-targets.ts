// Whether the chat shows an answer to skip to: the skip links sit in the layout, above the chat.
import { useSyncExternalStore } from "react";

let latestAnswer = false;
const listeners = new Set<() => void>();

export function setLatestAnswer(present: boolean): void {
  if (latestAnswer === present) return;
  latestAnswer = present;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useLatestAnswer(): boolean {
  return useSyncExternalStore(subscribe, () => latestAnswer, () => false);
}

/** Ids the skip links move focus to. */
export const questionInputId = "question";
export const latestAnswerId = "latest-answer";
