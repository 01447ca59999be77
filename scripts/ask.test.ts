import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempIndex, repositoryRoot, type TempIndex } from "../tests/support/temp-index";
import { createChatDependencies } from "../lib/answer/chat-dependencies";
import { ask, formatSources, parseOptions, run, toAskResult, toPlainText, usage } from "./ask";

/** Runs the command in-process: its exit status and what it wrote where. */
async function runCli(argv: string[], options?: Parameters<typeof run>[2]) {
  let stdout = "";
  let stderr = "";
  const code = await run(argv, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } }, options);
  return { code, stdout, stderr };
}

let index: TempIndex;

beforeAll(async () => {
  index = await createTempIndex();
});

afterAll(async () => {
  await index?.cleanup();
});

describe("ask script", () => {
  it("parses mode, json, markdown and the question", () => {
    expect(parseOptions(["--mode", "compare", "--json", "How", "do", "they", "differ?"])).toEqual({ question: "How do they differ?", mode: "compare", json: true, markdown: false });
    expect(parseOptions(["--markdown", "q"])).toEqual({ question: "q", mode: "ask", json: false, markdown: true });
    expect(parseOptions(["--help"])).toBe("help");
    expect(parseOptions(["-h", "q"])).toBe("help");
    expect(() => parseOptions([])).toThrow(/question is required/);
    expect(() => parseOptions(["--mode", "poem", "q"])).toThrow(/--mode/);
    expect(() => parseOptions(["--bogus", "q"])).toThrow(/bogus/);
    expect(() => parseOptions(["--json", "--markdown", "q"])).toThrow(/--json and --markdown/);
  });

  it("prints the usage and exits 0 on --help; exits 2 with the usage on stderr on a usage error", async () => {
    await expect(runCli(["--help"])).resolves.toEqual({ code: 0, stdout: `${usage}\n`, stderr: "" });
    for (const argv of [[], ["--mode", "poem", "q"], ["--bogus", "q"], ["--mode"], ["--json", "--markdown", "q"]]) {
      const result = await runCli(argv);
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/^ask: .+\n\nusage: npm run --silent ask -- /);
    }
  });

  it("exits with those statuses as a process too", () => {
    const tsx = path.join(repositoryRoot, "node_modules", ".bin", "tsx");
    const script = path.join(repositoryRoot, "scripts", "ask.ts");
    const help = spawnSync(tsx, ["--conditions=react-server", script, "--help"], { cwd: repositoryRoot, encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(help.stdout).toBe(`${usage}\n`);
    const wrong = spawnSync(tsx, ["--conditions=react-server", script, "--mode", "poem", "q"], { cwd: repositoryRoot, encoding: "utf8" });
    expect(wrong.status).toBe(2);
    expect(wrong.stdout).toBe("");
    expect(wrong.stderr).toContain("usage: npm run --silent ask -- ");
  });

  it("renders markdown as plain text: headings as lines, no emphasis marks, links with their address, citations kept", () => {
    const markdown = [
      "### Xi Meets Tokayev: Boosting Ties — *Outlet*",
      "",
      "Trade **grew** to $2 billion. [1] See [the forum](https://example.org/forum) and <https://example.org>. [2, 3]",
      "",
      "**Where they agree and differ** (checked against the full articles): only *Xi Meets Tokayev* mentions “water”; __both__ cite ~~nothing~~ [4][5].",
      "",
      "* a bullet with `**code**` kept verbatim",
      "- another, 2 * 3 = 6 and snake_case_name stay",
      "> quoted line",
      "---",
      "```",
      "### not a heading",
      "```",
      "Escaped \\*stars\\* stay literal.",
    ].join("\n");
    expect(toPlainText(markdown).split("\n")).toEqual([
      "Xi Meets Tokayev: Boosting Ties — Outlet",
      "",
      "Trade grew to $2 billion. [1] See the forum (https://example.org/forum) and https://example.org. [2, 3]",
      "",
      "Where they agree and differ (checked against the full articles): only Xi Meets Tokayev mentions “water”; both cite nothing [4][5].",
      "",
      "- a bullet with **code** kept verbatim",
      "- another, 2 * 3 = 6 and snake_case_name stay",
      "  quoted line",
      "",
      "",
      "### not a heading",
      "",
      "Escaped *stars* stay literal.",
    ]);
  });

  it("streams plain text line by line: the plain form of complete lines is a prefix of the whole", () => {
    const markdown = "### Title\n\nOne **bold** claim. [1]\n\n**Where they agree**: all.";
    const whole = toPlainText(markdown);
    for (let cut = 0; cut <= markdown.length; cut += 1) {
      const lines = markdown.slice(0, cut);
      expect(whole.startsWith(toPlainText(lines.slice(0, lines.lastIndexOf("\n") + 1)))).toBe(true);
    }
  });

  it("prints a compare answer as plain text by default and as markdown with --markdown", async () => {
    const dependencies = { ...(await createChatDependencies(index.config)), streamDelayMs: 0 };
    const question = "How do the articles differ on how Kazakhstan balances Russia and China?";
    const plain = await runCli(["--mode", "compare", question], { dependencies });
    expect(plain.code).toBe(0);
    expect(plain.stderr).toBe("");
    const [answer] = plain.stdout.split("\n\nSources:\n");
    expect(answer).not.toMatch(/^#|\*\*|\]\(/m);
    expect(answer).toMatch(/\[\d+\]/);
    expect(answer).toMatch(/^Where they agree and differ/m);
    expect(plain.stdout).toMatch(/\n\nSources:\n\[1\] /);

    const raw = await runCli(["--mode", "compare", "--markdown", question], { dependencies });
    expect(raw.code).toBe(0);
    expect(raw.stdout).toMatch(/^### /m);
    expect(raw.stdout).toContain("**Where they agree and differ**");
    // The same answer, marks and all: dropping them gives the plain form.
    expect(toPlainText(raw.stdout.split("\n\nSources:\n")[0])).toBe(answer);
  });

  it("reads the chat stream into an answer with numbered, checked citations", async () => {
    const dependencies = { ...(await createChatDependencies(index.config)), streamDelayMs: 0 };
    const seen: string[] = [];
    const { message, errors } = await ask({ question: "How long did the container train from Xi'an to Tashkent take?", mode: "ask", dependencies, onText: (text) => seen.push(text) });
    expect(errors).toEqual([]);
    const result = toAskResult(message);
    expect(Object.keys(result)).toEqual(["answer", "engine", "abstained", "citations"]);
    expect(result.abstained).toBe(false);
    expect(result.answer).toContain("five days");
    expect(result.engine).toBe("extractive");
    expect(result.citations.map((citation) => citation.n)).toEqual(result.citations.map((_, i) => i + 1));
    for (const citation of result.citations) {
      expect(Object.keys(citation)).toEqual(["n", "documentId", "source", "title", "start", "end", "text", "support"]);
      expect(citation.support).toBe("supported");
    }
    // The text arrived in several steps, as it streamed.
    expect(seen.length).toBeGreaterThan(2);
    expect(formatSources(result, message.metadata)).toMatch(/^Sources:\n\[1\] .+003_ffec0f4112d3ede8\.txt, chars \d+-\d+\) supported/);
  });

  it("keeps a conversation in a --history file, so a follow-up can be asked from the terminal", async () => {
    const dependencies = { ...(await createChatDependencies(index.config)), streamDelayMs: 0 };
    const folder = await mkdtemp(path.join(tmpdir(), "caravan-ask-"));
    const file = path.join(folder, "chat.json");
    try {
      const first = await runCli(["--history", file, "How long did the container train from Xi'an to Tashkent take?"], { dependencies });
      expect(first.code).toBe(0);
      const followUp = await runCli(["--history", file, "--json", "How far did it travel?"], { dependencies });
      expect(followUp.code).toBe(0);
      expect(JSON.parse(followUp.stdout).answer).toContain("4,500");
      const turns = JSON.parse(await readFile(file, "utf8"));
      expect(turns.map((turn: { role: string }) => turn.role)).toEqual(["user", "assistant", "user", "assistant"]);
      expect(turns[2].text).toBe("How far did it travel?");
      await writeFile(file, "{ not json");
      const broken = await runCli(["--history", file, "Anything?"], { dependencies });
      expect(broken.code).toBe(2);
      expect(broken.stderr).toMatch(/is not JSON/);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
