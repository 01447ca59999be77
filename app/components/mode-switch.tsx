"use client";

import type { AnswerMode } from "@/lib/types";

export const modes: { value: AnswerMode; label: string; hint: string }[] = [
  { value: "ask", label: "Ask", hint: "Answer a question with cited passages" },
  { value: "summarize", label: "Summarize", hint: "A cited summary of one article or a topic" },
  { value: "compare", label: "Compare", hint: "How the articles differ, side by side" },
];

/**
 * A segmented control built on native radio buttons: arrow keys move between modes, Tab leaves
 * the group, and screen readers announce "Ask, radio button, 1 of 3" for free.
 */
export function ModeSwitch({ value, onChange, disabled }: { value: AnswerMode; onChange: (mode: AnswerMode) => void; disabled?: boolean }) {
  return (
    <fieldset className="min-w-0" disabled={disabled}>
      <legend className="sr-only">Answer mode</legend>
      <div className="inline-flex rounded-lg bg-stone-200/70 p-0.5 dark:bg-stone-800">
        {modes.map((mode) => (
          <label
            key={mode.value}
            title={mode.hint}
            className="relative cursor-pointer rounded-md px-3 py-1 text-sm font-medium text-stone-700 transition-colors has-[:checked]:bg-white has-[:checked]:text-stone-950 has-[:checked]:shadow-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-1 has-[:focus-visible]:outline-teal-600 hover:text-stone-950 dark:text-stone-300 dark:hover:text-white dark:has-[:checked]:bg-stone-600 dark:has-[:checked]:text-white dark:has-[:focus-visible]:outline-teal-300"
          >
            <input
              type="radio"
              name="answer-mode"
              value={mode.value}
              checked={value === mode.value}
              onChange={() => onChange(mode.value)}
              className="sr-only"
            />
            {mode.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
