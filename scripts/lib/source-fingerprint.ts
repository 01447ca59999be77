// A fingerprint of everything `next build` reads: `npm start` and the e2e suite rebuild only
// when it changes.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";

const buildInputs = ["app", "lib", "public", "next.config.ts", "package-lock.json", "postcss.config.mjs", "tsconfig.json"];

export async function sourceFingerprint(root: string): Promise<string> {
  const hash = createHash("sha256");
  for (const entry of buildInputs) {
    const full = path.join(root, entry);
    if (!existsSync(full)) continue;
    const files = (await stat(full)).isDirectory()
      ? (await readdir(full, { recursive: true, withFileTypes: true }))
          .filter((item) => item.isFile() && !/\.test\.tsx?$/.test(item.name))
          .map((item) => path.join(item.parentPath, item.name))
          .sort()
      : [full];
    for (const file of files) hash.update(path.relative(root, file)).update(await readFile(file));
  }
  return hash.digest("hex");
}
