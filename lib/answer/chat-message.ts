// The one UI message type shared by the chat route and the client.
import type { UIMessage } from "ai";
import type { AnswerMode } from "../types";

export interface ChatMetadata {
  /** "extractive" or the language model's id. */
  engine: string;
  engineKind: "extractive" | "llm";
  mode: AnswerMode;
  /** Set when the configured engine failed and another answered instead. */
  fallbackReason?: string;
  createdAt?: number;
}

/** A passage the answer may cite as [n]. Sent before the answer text streams. */
export interface PassageData {
  n: number;
  chunkId: string;
  documentId: string;
  source: string;
  title: string;
  date: string;
  outlet: string;
  text: string;
  start: number;
  end: number;
}

/** The check of one citation marker once the answer is complete. */
export interface CitationCheck {
  n: number;
  /** The sentence of the answer that carries the marker. */
  sentence: string;
  support: "supported" | "weak";
  /** 0..1: how much of the sentence the passage supports. */
  score: number;
  /** Offsets (into the document's clean text) of the passage sentence that best supports it. */
  quoteStart: number;
  quoteEnd: number;
}

export type ChatDataParts = {
  passage: PassageData;
  citations: { checks: CitationCheck[] };
};

export type ChatMessage = UIMessage<ChatMetadata, ChatDataParts>;
