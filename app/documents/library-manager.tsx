"use client";

import { useRouter } from "next/navigation";
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import type { LibraryJob } from "@/lib/ingest/library-jobs";

// Adding and removing articles from the library page: upload (several files, drag and drop),
// paste, import a URL, delete. Each change is a job on the server; this polls it, shows its step
// and progress, then what became of each file, and refreshes the page when the index changed.

const tokenKey = "caravan-admin-token";
const accepted = ".txt,.md,.markdown,.html,.htm,.docx,.pdf";

interface Change {
  label: string;
  job?: LibraryJob;
  error?: string;
}

interface LibraryActions {
  run(label: string, request: (headers: Headers) => Promise<Response>): Promise<void>;
}

const ActionsContext = createContext<LibraryActions | null>(null);

function authHeaders(): Headers {
  const headers = new Headers();
  const token = typeof window === "undefined" ? "" : (sessionStorage.getItem(tokenKey) ?? "");
  if (token) headers.set("authorization", `Bearer ${token}`);
  return headers;
}

async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    return body.error?.message ?? `The server answered ${response.status}.`;
  } catch {
    return `The server answered ${response.status}.`;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function LibraryActionsProvider({ children }: { children: ReactNode }) {
  const router = useRouter();
  const [changes, setChanges] = useState<Change[]>([]);
  const [forbidden, setForbidden] = useState(false);

  const update = useCallback((index: number, patch: Partial<Change>) => {
    setChanges((current) => current.map((change, at) => (at === index ? { ...change, ...patch } : change)));
  }, []);

  const run = useCallback<LibraryActions["run"]>(
    async (label, request) => {
      let index = 0;
      setChanges((current) => {
        index = current.length;
        return [...current, { label }];
      });
      let response: Response;
      try {
        response = await request(authHeaders());
      } catch {
        update(index, { error: "The server could not be reached." });
        return;
      }
      if (response.status === 403) setForbidden(true);
      if (response.status !== 202) {
        update(index, { error: await errorMessage(response) });
        return;
      }
      let { job } = (await response.json()) as { job: LibraryJob };
      update(index, { job });
      while (job.state === "running") {
        await sleep(300);
        const poll = await fetch(`/api/library/jobs/${job.id}`, { cache: "no-store" }).catch(() => undefined);
        if (!poll?.ok) {
          update(index, { error: "Lost track of the change; reload the page to see the library." });
          return;
        }
        job = ((await poll.json()) as { job: LibraryJob }).job;
        update(index, { job });
      }
      if (job.summary) router.refresh();
    },
    [router, update],
  );

  return (
    <ActionsContext.Provider value={{ run }}>
      {children}
      <ChangeLog changes={changes} forbidden={forbidden} />
    </ActionsContext.Provider>
  );
}

function useActions(): LibraryActions {
  const actions = useContext(ActionsContext);
  if (!actions) throw new Error("LibraryActionsProvider missing");
  return actions;
}

function ChangeLog({ changes, forbidden }: { changes: Change[]; forbidden: boolean }) {
  const [token, setToken] = useState("");
  if (changes.length === 0 && !forbidden) return null;
  return (
    <section aria-label="Library changes" aria-live="polite" className="mt-4 grid gap-2" data-library-changes="">
      {forbidden && (
        <form
          className="flex flex-wrap items-center gap-2 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/50 dark:text-amber-100"
          onSubmit={(event) => {
            event.preventDefault();
            sessionStorage.setItem(tokenKey, token.trim());
          }}
        >
          <label htmlFor="admin-token">Changes from another machine need the admin token:</label>
          <input id="admin-token" type="password" value={token} onChange={(event) => setToken(event.target.value)} className="rounded border border-amber-400 bg-white px-2 py-1 text-stone-900" />
          <button type="submit" className="rounded bg-amber-800 px-3 py-1 text-white">
            Use token
          </button>
        </form>
      )}
      {changes.map((change, index) => (
        <ChangeStatus key={index} change={change} />
      ))}
    </section>
  );
}

function ChangeStatus({ change }: { change: Change }) {
  const job = change.job;
  const state = change.error ? "failed" : (job?.state ?? "running");
  return (
    <div data-change-state={state} className="rounded-lg border border-stone-200 bg-white p-3 text-sm dark:border-stone-700 dark:bg-stone-900">
      <p className="font-medium text-stone-900 dark:text-stone-100">
        {change.label}
        {state === "running" && <span className="ml-2 font-normal text-stone-600 dark:text-stone-400">{job?.step ?? "Sending"}…</span>}
      </p>
      {state === "running" && job?.progress && job.progress.total > 0 && (
        <progress className="mt-2 h-1.5 w-full" max={job.progress.total} value={job.progress.done} aria-label="Progress" />
      )}
      {change.error && <p className="mt-1 text-red-800 dark:text-red-300">{change.error}</p>}
      {job?.message && <p className="mt-1 text-amber-900 dark:text-amber-200">{job.message}</p>}
      {job && job.state !== "running" && (
        <ul className="mt-1 grid gap-0.5">
          {job.results.map((result, index) => (
            <li key={index} data-result={result.ok ? "added" : "refused"} className={result.ok ? "text-teal-800 dark:text-teal-300" : "text-red-800 dark:text-red-300"}>
              {result.ok ? (job.kind === "delete" ? "Removed: " : "Added: ") : "Not added: "}
              {result.name}
              {result.reason ? ` (${result.reason})` : ""}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const fieldClass =
  "w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-sm text-stone-900 dark:border-stone-700 dark:bg-stone-950 dark:text-stone-100";
const buttonClass = "rounded-lg bg-teal-800 px-3 py-2 text-sm font-medium text-white hover:bg-teal-900 disabled:opacity-50 dark:bg-teal-700";

function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(0)} MB`;
}

/** The three ways in: files (picked or dropped), pasted text, an address. */
export function AddArticles({ maxUploadBytes }: { maxUploadBytes: number }) {
  const { run } = useActions();
  const [tab, setTab] = useState<"files" | "text" | "url">("files");
  const [dragging, setDragging] = useState(false);
  const [tooLarge, setTooLarge] = useState("");
  const input = useRef<HTMLInputElement>(null);
  const [title, setTitle] = useState("");
  const [text, setText] = useState("");
  const [url, setUrl] = useState("");

  const upload = (files: File[]) => {
    if (files.length === 0) return;
    const total = files.reduce((sum, file) => sum + file.size, 0);
    if (total > maxUploadBytes) {
      setTooLarge(`These files are ${formatMegabytes(total)} together; at most ${formatMegabytes(maxUploadBytes)} can be sent at once.`);
      return;
    }
    setTooLarge("");
    const form = new FormData();
    for (const file of files) form.append("files", file, file.name);
    const label = files.length === 1 ? `Uploading ${files[0].name}` : `Uploading ${files.length} files`;
    void run(label, (headers) => fetch("/api/library/files", { method: "POST", body: form, headers }));
    if (input.current) input.current.value = "";
  };

  const tabs = [
    ["files", "Upload files"],
    ["text", "Paste text"],
    ["url", "Import a web page"],
  ] as const;
  return (
    <section aria-label="Add articles" className="mt-6 rounded-xl border border-stone-200 bg-stone-50 p-4 dark:border-stone-800 dark:bg-stone-900/60">
      <div role="tablist" className="flex flex-wrap gap-1 text-sm">
        {tabs.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            onClick={() => setTab(id)}
            className={`rounded-md px-3 py-1.5 ${tab === id ? "bg-white font-medium text-stone-950 shadow-sm dark:bg-stone-800 dark:text-stone-50" : "text-stone-700 dark:text-stone-300"}`}
          >
            {label}
          </button>
        ))}
      </div>
      {tab === "files" && (
        <div
          data-drop-zone=""
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(event) => {
            event.preventDefault();
            setDragging(false);
            upload([...event.dataTransfer.files]);
          }}
          className={`mt-3 grid place-items-center rounded-lg border-2 border-dashed p-6 text-center text-sm ${dragging ? "border-teal-600 bg-teal-50 dark:bg-teal-950/40" : "border-stone-300 dark:border-stone-700"}`}
        >
          <p className="text-stone-700 dark:text-stone-300">Drop files here, or</p>
          <label className={`${buttonClass} mt-2 cursor-pointer`}>
            Choose files
            <input ref={input} type="file" multiple accept={accepted} className="sr-only" onChange={(event) => upload([...(event.target.files ?? [])])} />
          </label>
          <p className="mt-2 text-xs text-stone-600 dark:text-stone-400">
            .txt, .md, .html, .docx or .pdf; up to {formatMegabytes(maxUploadBytes)} at once. Files are saved in the corpus folder.
          </p>
          {tooLarge && <p className="mt-2 text-red-800 dark:text-red-300">{tooLarge}</p>}
        </div>
      )}
      {tab === "text" && (
        <form
          className="mt-3 grid gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            const body = JSON.stringify({ title, text });
            void run(`Adding "${title.trim()}"`, (headers) => {
              headers.set("content-type", "application/json");
              return fetch("/api/library/text", { method: "POST", body, headers });
            });
            setTitle("");
            setText("");
          }}
        >
          <input aria-label="Title" placeholder="Title" required value={title} onChange={(event) => setTitle(event.target.value)} className={fieldClass} />
          <textarea aria-label="Text" placeholder="Paste the article's text" required rows={6} value={text} onChange={(event) => setText(event.target.value)} className={fieldClass} />
          <div>
            <button type="submit" className={buttonClass} disabled={!title.trim() || !text.trim()}>
              Add text
            </button>
          </div>
        </form>
      )}
      {tab === "url" && (
        <form
          className="mt-3 flex flex-wrap gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            const body = JSON.stringify({ url });
            void run(`Importing ${url.trim()}`, (headers) => {
              headers.set("content-type", "application/json");
              return fetch("/api/library/url", { method: "POST", body, headers });
            });
            setUrl("");
          }}
        >
          <input aria-label="Web address" type="url" placeholder="https://…" required value={url} onChange={(event) => setUrl(event.target.value)} className={`${fieldClass} min-w-0 flex-1`} />
          <button type="submit" className={buttonClass} disabled={!url.trim()}>
            Import
          </button>
        </form>
      )}
    </section>
  );
}

export function DeleteDocumentButton({ id, title }: { id: string; title: string }) {
  const { run } = useActions();
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    if (!confirming) return;
    const timer = setTimeout(() => setConfirming(false), 4000);
    return () => clearTimeout(timer);
  }, [confirming]);
  return (
    <button
      type="button"
      data-delete-document={id}
      aria-label={confirming ? `Confirm: delete ${title}` : `Delete ${title}`}
      onClick={() => {
        if (!confirming) {
          setConfirming(true);
          return;
        }
        setConfirming(false);
        void run(`Deleting ${title}`, (headers) => fetch(`/api/library/documents/${encodeURIComponent(id)}`, { method: "DELETE", headers }));
      }}
      className={`shrink-0 rounded-md px-2 py-1 text-xs ${confirming ? "bg-red-700 text-white" : "text-stone-600 hover:bg-stone-100 hover:text-red-800 dark:text-stone-400 dark:hover:bg-stone-800"}`}
    >
      {confirming ? "Click again to delete" : "Delete"}
    </button>
  );
}
