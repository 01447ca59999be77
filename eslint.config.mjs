import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// lib/ is laid out by the data walk; a module imports from its own folder or a lower one.
// Lowest first: text and server use no other lib/ folder; embeddings may use them; search
// (the store, retrieval) sits on embeddings; ingest writes through the store; answer reads
// through search; evaluation measures everything. lib/types.ts, the shared contracts, is
// below them all. Tests may reach higher to build their fixtures (an index to search needs
// an ingest), so the rule covers the modules, not their *.test.ts files.
const levels = ["text", "server", "embeddings", "search", "ingest", "answer", "evaluation"];
const peers = { text: [], server: [] };

function forbiddenFor(folder) {
  const index = levels.indexOf(folder);
  const lower = peers[folder] ?? levels.slice(0, index);
  return levels.filter((other) => other !== folder && !lower.includes(other));
}

function restrict(folders, message) {
  const group = folders.flatMap((folder) => [`@/lib/${folder}`, `@/lib/${folder}/*`, `**/lib/${folder}`, `**/lib/${folder}/*`, `../${folder}`, `../${folder}/*`]);
  return { "no-restricted-imports": ["error", { patterns: [{ group, message }] }] };
}

const layering = levels
  .filter((folder) => forbiddenFor(folder).length > 0)
  .map((folder) => ({
  files: [`lib/${folder}/**/*.ts`],
  ignores: ["**/*.test.ts"],
  rules: restrict(forbiddenFor(folder), `lib/${folder} may import only from its own folder or lower ones (${levels.join(" < ")}); see README "How it works".`),
}));

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  ...layering,
  {
    files: ["lib/types.ts"],
    rules: restrict(levels, "lib/types.ts holds the shared contracts and imports no other lib/ module."),
  },
  globalIgnores([".next/**", "node_modules/**", ".scratch/**", ".lancedb/**", ".cache/**", ".artifacts/**", "next-env.d.ts"]),
]);
