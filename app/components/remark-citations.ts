// A remark plugin: `[n]` / `[n, m]` markers in answer text become `cite` elements that the
// Markdown renderer turns into citation chips. Markdown cannot produce a `cite` element by itself
// (no raw HTML is ever parsed), so every `cite` in the output came from here.
import { citationPattern, parseMarker } from "./message-parts";

interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
  position?: { start: { offset?: number } };
  data?: { hName?: string; hProperties?: Record<string, string> };
}

export interface RemarkCitationsOptions {
  /**
   * How many markers of the answer come before this text (when it renders one part of the answer,
   * as a compare card does): chips number on from there.
   */
  firstMarker?: number;
}

// Inside links a chip would nest one interactive element in another; code is shown verbatim.
const leaveAlone = new Set(["link", "linkReference", "code", "inlineCode", "definition", "html"]);

/**
 * Numbers each marker as the server does for its checks: the k-th marker of the source text is
 * marker k. A text node counts the source's markers before it, so markers the plugin leaves alone
 * (in code, in links) still take their number and the chips after them keep theirs.
 */
function markerNumbering(source: string, firstMarker: number) {
  const starts = [...source.matchAll(citationPattern)].map((match) => match.index);
  let sequential = firstMarker;
  return (node: MdNode): ((ordinal: number) => number) => {
    const offset = node.position?.start.offset;
    if (offset === undefined || source === "") {
      // No positions: chips in tree order, which is text order too.
      return () => sequential++;
    }
    const before = starts.filter((start) => start < offset).length;
    return (ordinal) => firstMarker + before + ordinal;
  };
}

function splitText(value: string, markerAt: (ordinal: number) => number): MdNode[] {
  const nodes: MdNode[] = [];
  let cursor = 0;
  let ordinal = -1;
  for (const match of value.matchAll(new RegExp(citationPattern.source, "g"))) {
    ordinal += 1;
    const numbers = parseMarker(match[1]);
    if (numbers.length === 0) continue;
    if (match.index > cursor) nodes.push({ type: "text", value: value.slice(cursor, match.index) });
    nodes.push({
      type: "citation",
      data: { hName: "cite", hProperties: { dataNumbers: numbers.join(","), dataMarker: String(markerAt(ordinal)) } },
      children: [{ type: "text", value: match[0] }],
    });
    cursor = match.index + match[0].length;
  }
  if (cursor === 0) return [{ type: "text", value }];
  if (cursor < value.length) nodes.push({ type: "text", value: value.slice(cursor) });
  return nodes;
}

function transform(node: MdNode, numbering: ReturnType<typeof markerNumbering>): void {
  if (!node.children || leaveAlone.has(node.type)) return;
  const next: MdNode[] = [];
  for (const child of node.children) {
    if (child.type === "text" && typeof child.value === "string") next.push(...splitText(child.value, numbering(child)));
    else {
      transform(child, numbering);
      next.push(child);
    }
  }
  node.children = next;
}

export function remarkCitations(options: RemarkCitationsOptions = {}) {
  return (tree: MdNode, file: { value?: unknown }) => {
    const source = typeof file.value === "string" ? file.value : "";
    transform(tree, markerNumbering(source, options.firstMarker ?? 0));
  };
}
