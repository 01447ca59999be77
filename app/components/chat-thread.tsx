"use client";

import { useChat } from "@ai-sdk/react";
import { DefaultChatTransport } from "ai";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { ChatMessage } from "@/lib/answer/chat-message";
import type { AnswerMode } from "@/lib/types";
import type { Suggestion } from "@/lib/answer/suggestions";
import { AssistantMessage } from "./assistant-message";
import { readableError } from "./chat-error";
import { ReturnPathContext } from "./citation-context";
import { Composer } from "./composer";
import { EmptyState } from "./empty-state";
import { noFilters, toRetrievalFilters, type ChatFilters, type LibraryDocument } from "./library-types";
import { messageText, slimForRequest } from "./message-parts";
import { turnPath } from "./return-path";
import { latestAnswerId, setLatestAnswer } from "./skip-targets";

/** The top edge of the sticky composer: what lies below it is hidden. */
function composerTop(): number {
  return document.querySelector("[data-composer]")?.getBoundingClientRect().top ?? window.innerHeight;
}

function prefersReducedMotion(): boolean {
  return window.matchMedia("(prefers-reduced-motion: reduce)").matches;
}

/** The 1-based turn a hash such as `#turn-3` names. */
function turnInHash(): number | undefined {
  const match = /^#turn-(\d+)$/.exec(window.location.hash);
  return match ? Number(match[1]) : undefined;
}

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

  // The view follows the newest turn. On send the question moves to the top of the view and the
  // answer streams below it; the page never moves on its own while an answer grows. A spacer
  // under the thread makes room for that (a short answer would not fill the screen), and when
  // the newest text lies below the composer a "Jump to latest" control appears.
  const list = useRef<HTMLOListElement>(null);
  const end = useRef<HTMLDivElement>(null);
  const spacer = useRef<HTMLDivElement>(null);
  const [behind, setBehind] = useState(false);
  const lastCount = useRef<number | undefined>(undefined);

  const questions = useCallback(() => [...(list.current?.querySelectorAll<HTMLElement>('li[data-role="user"]') ?? [])], []);

  const fitSpacer = useCallback(() => {
    const question = questions().at(-1);
    const composer = document.querySelector<HTMLElement>("[data-composer]");
    if (!spacer.current) return;
    if (!question || !end.current || !composer) {
      spacer.current.style.height = "0px";
      return;
    }
    // The room between a question pinned at the top (below the sticky header) and the composer,
    // less what the newest turn already fills.
    const pinnedAt = Number.parseFloat(getComputedStyle(question).scrollMarginTop) || 0;
    const room = window.innerHeight - composer.offsetHeight - pinnedAt;
    const filled = end.current.getBoundingClientRect().top - question.getBoundingClientRect().top;
    spacer.current.style.height = `${Math.max(0, Math.floor(room - filled))}px`;
  }, [questions]);

  const checkBehind = useCallback(() => {
    setBehind(end.current !== null && messages.length > 0 && end.current.getBoundingClientRect().top > composerTop() + 32);
  }, [messages.length]);

  useLayoutEffect(() => {
    fitSpacer();
    // Counted by questions: a fast answer can arrive in the same render as its question.
    const all = questions();
    const previous = lastCount.current;
    lastCount.current = all.length;
    if (previous === undefined) {
      // Opened: at the turn the address names (the reader's "Back to the answer"), else the newest.
      if (all.length === 0) return;
      const turn = turnInHash();
      const target = (turn !== undefined ? all[turn - 1] : undefined) ?? all.at(-1);
      target?.scrollIntoView({ block: "start" });
    } else if (all.length > previous) {
      all.at(-1)?.scrollIntoView({ block: "start", behavior: prefersReducedMotion() ? "auto" : "smooth" });
    }
  }, [messages, fitSpacer, questions]);

  useEffect(() => {
    checkBehind();
    let frame = 0;
    const onChange = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        fitSpacer();
        checkBehind();
      });
    };
    window.addEventListener("scroll", onChange, { passive: true });
    window.addEventListener("resize", onChange);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener("scroll", onChange);
      window.removeEventListener("resize", onChange);
    };
  }, [messages, status, checkBehind, fitSpacer]);

  const jumpToLatest = useCallback(() => {
    if (!end.current) return;
    const distance = end.current.getBoundingClientRect().top - composerTop() + 8;
    window.scrollTo({ top: window.scrollY + distance, behavior: prefersReducedMotion() ? "auto" : "smooth" });
  }, []);

  // The skip links offer the newest answer while there is one.
  useEffect(() => {
    setLatestAnswer(lastAssistant !== undefined);
  }, [lastAssistant]);
  useEffect(() => () => setLatestAnswer(false), []);

  // Under a decline that the filters caused: the same question again, over every article.
  const { onFiltersChange } = props;
  const searchAll = useCallback(() => {
    onFiltersChange(noFilters);
    const againMode = lastAssistant?.metadata?.mode ?? requestMode;
    setRequestMode(againMode);
    void regenerate({ body: { mode: againMode } });
  }, [onFiltersChange, lastAssistant, requestMode, regenerate]);

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
          <ol ref={list} data-chat-column="" className="mx-auto flex w-full max-w-3xl flex-col gap-8 py-6">
            {messages.map((message, index) => {
              const isLast = index === messages.length - 1;
              const turn = messages.slice(0, index + 1).filter((earlier) => earlier.role === "user").length;
              if (message.role === "user") {
                return (
                  <li key={message.id} id={`turn-${turn}`} data-role="user" className="mx-auto flex w-full max-w-3xl scroll-mt-20 justify-end">
                    <h2 className="sr-only">You asked</h2>
                    <p className="max-w-[85%] min-w-0 whitespace-pre-wrap wrap-anywhere rounded-2xl rounded-br-md bg-stone-200/80 px-4 py-2.5 text-stone-900 dark:bg-stone-800 dark:text-stone-100">
                      {messageText(message)}
                    </p>
                  </li>
                );
              }
              const newest = message === lastAssistant;
              // The offline engine answers the same question the same way every time: no Regenerate
              // for its answers (unless it stood in for a failed model, which may answer now).
              const offline = message.metadata?.engineKind === "extractive" && !message.metadata.fallbackReason;
              return (
                // Every answer, a comparison too, stays within the reading column.
                <li
                  key={message.id}
                  id={newest ? latestAnswerId : undefined}
                  tabIndex={newest ? -1 : undefined}
                  aria-label={newest ? "Newest answer" : undefined}
                  className="mx-auto flex w-full max-w-3xl scroll-mt-20 rounded-lg"
                >
                  <h2 className="sr-only">Caravan answered</h2>
                  <ReturnPathContext.Provider value={turnPath(id, turn)}>
                    <AssistantMessage
                      message={message}
                      streaming={busy && isLast}
                      requestedMode={isLast ? requestMode : "ask"}
                      canRegenerate={!busy && newest && isLast && !offline}
                      onRegenerate={again}
                      onSearchAll={!busy && newest && isLast ? searchAll : undefined}
                    />
                  </ReturnPathContext.Provider>
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
        )}
        <div ref={end} />
        {/* No transition: the reduced-motion rule's 0.01 ms one would leave its height a frame behind the pin. */}
        <div ref={spacer} aria-hidden="true" data-thread-spacer="" className="transition-none" />
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
        floating={
          behind ? (
            <button
              type="button"
              onClick={jumpToLatest}
              data-jump-latest=""
              className="inline-flex items-center gap-1.5 rounded-full border border-stone-300 bg-white px-3 py-1.5 text-sm font-medium text-stone-800 shadow-md hover:bg-stone-100 dark:border-stone-700 dark:bg-stone-900 dark:text-stone-100 dark:hover:bg-stone-800"
            >
              <span aria-hidden="true">↓</span> Jump to latest
            </button>
          ) : undefined
        }
      />
    </>
  );
}
