"use client";

import { useChat } from "@ai-sdk/react";
import { DefaultChatTransport } from "ai";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ChatMessage } from "@/lib/answer/chat-message";
import type { AnswerMode } from "@/lib/types";
import type { Suggestion } from "@/lib/answer/suggestions";
import { AssistantMessage } from "./assistant-message";
import { readableError } from "./chat-error";
import { Composer } from "./composer";
import { EmptyState } from "./empty-state";
import { toRetrievalFilters, type ChatFilters, type LibraryDocument } from "./library-types";
import { messageText, slimForRequest } from "./message-parts";

export interface ChatThreadProps {
  id: string;
  initialMessages: ChatMessage[];
  mode: AnswerMode;
  onModeChange: (mode: AnswerMode) => void;
  filters: ChatFilters;
  onFiltersChange: (filters: ChatFilters) => void;
  documents: LibraryDocument[];
  suggestions: Suggestion[];
  problem?: string;
  onPersist: (id: string, messages: ChatMessage[]) => void;
  /** The server's MAX_MESSAGE_CHARS, when the page knows it; the composer's default otherwise. */
  maxMessageChars?: number;
  /** A question to send once, as the thread opens (a source guide's question: /?ask=…). */
  autoAsk?: { text: string; mode: AnswerMode };
}

/** One conversation. Keyed by conversation id above, so switching conversations remounts it. */
export function ChatThread(props: ChatThreadProps) {
  const { id, mode, filters, onPersist } = props;
  const transport = useMemo(
    () =>
      new DefaultChatTransport<ChatMessage>({
        api: "/api/chat",
        // Exactly the route's contract: history as text only (passages stay in the browser).
        prepareSendMessagesRequest: ({ id: chatId, messages, body }) => ({
          body: { id: chatId, messages: slimForRequest(messages), mode: body?.mode, filters: body?.filters },
        }),
      }),
    [],
  );
  const { messages, sendMessage, regenerate, stop, status, error, setMessages } = useChat<ChatMessage>({
    id,
    messages: props.initialMessages,
    transport,
  });
  const busy = status === "submitted" || status === "streaming";
  // The mode of the request in flight: it decides how the answer renders before metadata arrives.
  const [requestMode, setRequestMode] = useState<AnswerMode>(mode);

  const bodyFor = useCallback(
    (askMode: AnswerMode) => {
      setRequestMode(askMode);
      const retrievalFilters = toRetrievalFilters(filters);
      return retrievalFilters ? { mode: askMode, filters: retrievalFilters } : { mode: askMode };
    },
    [filters],
  );

  const ask = useCallback(
    (text: string, askMode: AnswerMode = mode) => {
      if (busy) return;
      // A new question replaces a turn that failed, so history never keeps unanswered questions.
      if (error) setMessages((current) => (current.at(-1)?.role === "assistant" ? current.slice(0, -2) : current.slice(0, -1)));
      void sendMessage({ text }, { body: bodyFor(askMode) });
    },
    [busy, error, mode, bodyFor, sendMessage, setMessages],
  );

  const autoAsked = useRef(false);
  useEffect(() => {
    if (!props.autoAsk || autoAsked.current || messages.length > 0) return;
    autoAsked.current = true;
    ask(props.autoAsk.text, props.autoAsk.mode);
  }, [props.autoAsk, messages.length, ask]);

  const lastAssistant = messages.findLast((message) => message.role === "assistant");
  const again = useCallback(() => {
    const againMode = lastAssistant?.metadata?.mode ?? requestMode;
    void regenerate({ body: bodyFor(againMode) });
  }, [lastAssistant, requestMode, regenerate, bodyFor]);

  // Save settled states (not every streamed token); skip the untouched initial history.
  const saved = useRef<ChatMessage[]>(props.initialMessages);
  useEffect(() => {
    if (status === "streaming" || messages.length === 0 || messages === saved.current) return;
    saved.current = messages;
    onPersist(id, messages);
  }, [id, messages, status, onPersist]);

  // Follow the answer as it grows, unless the reader scrolled up to read something else.
  const end = useRef<HTMLDivElement>(null);
  const lastCount = useRef(messages.length);
  useEffect(() => {
    const grew = messages.length > lastCount.current;
    lastCount.current = messages.length;
    const nearBottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 160;
    if (grew || (busy && nearBottom)) end.current?.scrollIntoView({ block: "end" });
  }, [messages, busy]);

  const problem = error ? readableError(error) : undefined;
  return (
    <>
      <div className="mx-auto w-full max-w-5xl flex-1 px-4 sm:px-6">
        {messages.length === 0 ? (
          <EmptyState
            documents={props.documents}
            suggestions={props.suggestions}
            problem={props.problem}
            onAsk={(text, suggestionMode) => {
              props.onModeChange(suggestionMode);
              ask(text, suggestionMode);
            }}
          />
        ) : (
          <>
          <h1 className="sr-only">Conversation</h1>
          <ol data-chat-column="" className="mx-auto flex w-full max-w-3xl flex-col gap-8 py-6">
            {messages.map((message, index) => {
              const isLast = index === messages.length - 1;
              if (message.role === "user") {
                return (
                  <li key={message.id} data-role="user" className="mx-auto flex w-full max-w-3xl justify-end">
                    <h2 className="sr-only">You asked</h2>
                    <p className="max-w-[85%] min-w-0 whitespace-pre-wrap wrap-anywhere rounded-2xl rounded-br-md bg-stone-200/80 px-4 py-2.5 text-stone-900 dark:bg-stone-800 dark:text-stone-100">
                      {messageText(message)}
                    </p>
                  </li>
                );
              }
              return (
                // Every answer, a comparison too, stays within the reading column.
                <li key={message.id} className="mx-auto flex w-full max-w-3xl">
                  <h2 className="sr-only">Caravan answered</h2>
                  <AssistantMessage
                    message={message}
                    streaming={busy && isLast}
                    requestedMode={isLast ? requestMode : "ask"}
                    canRegenerate={!busy && message === lastAssistant && isLast}
                    onRegenerate={again}
                  />
                </li>
              );
            })}
            {status === "submitted" && messages.at(-1)?.role === "user" && (
              <li className="mx-auto flex w-full max-w-3xl items-center gap-2 text-sm text-stone-600 dark:text-stone-400">
                <span aria-hidden="true" className="size-2 animate-pulse rounded-full bg-teal-600 dark:bg-teal-300" />
                Searching the articles…
              </li>
            )}
            {problem && (
              <li className="mx-auto w-full max-w-3xl">
                <div role="alert" data-chat-error="" className="rounded-xl border border-red-300 bg-red-50 p-4 text-red-950 dark:border-red-800 dark:bg-red-950/50 dark:text-red-100">
                  <p className="font-semibold">{problem.title}</p>
                  <p className="mt-1 text-sm">{problem.detail}</p>
                  <button
                    type="button"
                    onClick={again}
                    className="mt-3 rounded-lg bg-red-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-900 dark:bg-red-200 dark:text-red-950 dark:hover:bg-red-100"
                  >
                    Retry
                  </button>
                </div>
              </li>
            )}
          </ol>
          </>
        )}
        <div ref={end} />
        <p className="sr-only" aria-live="polite">
          {status === "submitted" ? "Searching the articles." : status === "ready" && messages.length > 0 ? "Answer ready." : ""}
        </p>
      </div>
      <Composer
        mode={mode}
        onModeChange={props.onModeChange}
        filters={filters}
        onFiltersChange={props.onFiltersChange}
        documents={props.documents}
        busy={busy}
        maxChars={props.maxMessageChars}
        onSubmit={(text) => ask(text)}
        onStop={() => void stop()}
      />
    </>
  );
}
