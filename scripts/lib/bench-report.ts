// Rendering for `npm run bench`: markdown tables and a dependency-free SVG bar chart.

export function markdownTable(header: string[], rows: (string | number)[][]): string {
  const cells = (row: (string | number)[]) => `| ${row.map((cell) => String(cell).replaceAll("|", "\\|")).join(" | ")} |`;
  return [cells(header), `| ${header.map((_, index) => (index === 0 ? "---" : "---:")).join(" | ")} |`, ...rows.map(cells)].join("\n");
}

/** Milliseconds with sensible precision: 0.42, 4.2, 42, 420. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return "n/a";
  if (value < 1) return value.toFixed(2);
  if (value < 10) return value.toFixed(1);
  return value.toFixed(0);
}

export function fixed(value: number | undefined, digits = 2): string {
  return value === undefined || !Number.isFinite(value) ? "n/a" : value.toFixed(digits);
}

export interface Bar {
  group: string;
  label: string;
  value: number;
  /** Optional second value drawn as a thin marker (p95). */
  marker?: number;
  tone: "caravan" | "peer" | "floor";
}

const palette = { caravan: "#2563eb", peer: "#d97706", floor: "#6b7280" } as const;

function escapeXml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

/**
 * Horizontal bars on a log scale (latencies span 0.1 ms to seconds), grouped by dataset size,
 * with the p95 as a tick. Written by hand: no chart library, no browser needed.
 */
export function barChartSvg(options: { title: string; unit: string; bars: Bar[] }): string {
  const { bars } = options;
  const width = 920;
  const left = 300;
  const right = 40;
  const rowHeight = 18;
  const groupGap = 14;
  const top = 56;
  const groups = [...new Set(bars.map((bar) => bar.group))];
  const values = bars.flatMap((bar) => [bar.value, bar.marker ?? bar.value]).filter((value) => Number.isFinite(value) && value > 0);
  const minimum = 10 ** Math.floor(Math.log10(Math.min(...values, 1)));
  const maximum = 10 ** Math.ceil(Math.log10(Math.max(...values, 10)));
  const x = (value: number) => left + ((Math.log10(Math.max(value, minimum)) - Math.log10(minimum)) / (Math.log10(maximum) - Math.log10(minimum))) * (width - left - right);
  const height = top + bars.length * rowHeight + groups.length * (groupGap + 18) + 40;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="16" y="24" font-size="16" font-weight="600">${escapeXml(options.title)}</text>`,
    `<text x="16" y="42" fill="#4b5563">bar: median, tick: p95; log scale, ${escapeXml(options.unit)}. Blue: Caravan (LanceDB), orange: peers, grey: brute-force floor.</text>`,
  ];
  for (let decade = minimum; decade <= maximum; decade *= 10) {
    const position = x(decade).toFixed(1);
    parts.push(`<line x1="${position}" y1="${top - 6}" x2="${position}" y2="${height - 30}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${position}" y="${height - 14}" text-anchor="middle" fill="#6b7280">${decade >= 1 ? decade : decade.toPrecision(1)}</text>`);
  }
  let y = top;
  for (const group of groups) {
    parts.push(`<text x="16" y="${y + 12}" font-weight="600">${escapeXml(group)}</text>`);
    y += 18;
    for (const bar of bars.filter((candidate) => candidate.group === group)) {
      const end = Number.isFinite(bar.value) ? x(bar.value) : left;
      parts.push(`<text x="${left - 8}" y="${y + 12}" text-anchor="end">${escapeXml(bar.label)}</text>`);
      parts.push(`<rect x="${left}" y="${y + 3}" width="${Math.max(1, end - left).toFixed(1)}" height="${rowHeight - 6}" fill="${palette[bar.tone]}" rx="2"/>`);
      if (bar.marker !== undefined && Number.isFinite(bar.marker)) {
        const tick = x(bar.marker).toFixed(1);
        parts.push(`<line x1="${tick}" y1="${y + 1}" x2="${tick}" y2="${y + rowHeight - 1}" stroke="#111827" stroke-width="2"/>`);
      }
      parts.push(`<text x="${(Math.max(end, bar.marker !== undefined && Number.isFinite(bar.marker) ? x(bar.marker) : end) + 6).toFixed(1)}" y="${y + 12}" fill="#111827">${Number.isFinite(bar.value) ? escapeXml(ms(bar.value)) : "n/a"}</text>`);
      y += rowHeight;
    }
    y += groupGap;
  }
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
