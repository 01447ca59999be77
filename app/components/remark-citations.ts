// A remark plugin: `[n]` / `[n, m]` markers in answer text become `cite` elements that the
// Markdown renderer turns into citation chips. Markdown cannot produce a `cite` element by itself
// (no raw HTML is ever parsed), so every `cite` in the output came from here.
import { citationPattern, parseMarker } from "./message-parts";

interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
  data?: { hName?: string; hProperties?: Record<string, string> };
}

// Inside links a chip would nest one interactive element in another; code is shown verbatim.
const leaveAlone = new Set(["link", "linkReference", "code", "inlineCode", "definition", "html"]);

function splitText(value: string): MdNode[] {
  const nodes: MdNode[] = [];
  let cursor = 0;
  for (const match of value.matchAll(new RegExp(citationPattern.source, "g"))) {
    const numbers = parseMarker(match[1]);
    if (numbers.length === 0) continue;
    if (match.index > cursor) nodes.push({ type: "text", value: value.slice(cursor, match.index) });
    nodes.push({
      type: "citation",
      data: { hName: "cite", hProperties: { dataNumbers: numbers.join(",") } },
      children: [{ type: "text", value: match[0] }],
    });
    cursor = match.index + match[0].length;
  }
  if (cursor === 0) return [{ type: "text", value }];
  if (cursor < value.length) nodes.push({ type: "text", value: value.slice(cursor) });
  return nodes;
}

function transform(node: MdNode): void {
  if (!node.children || leaveAlone.has(node.type)) return;
  const next: MdNode[] = [];
  for (const child of node.children) {
    if (child.type === "text" && typeof child.value === "string") next.push(...splitText(child.value));
    else {
      transform(child);
      next.push(child);
    }
  }
  node.children = next;
}

export function remarkCitations() {
  return (tree: MdNode) => transform(tree);
}
