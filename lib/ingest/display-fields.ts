import { displayTitle } from "../text/display-title";
import type { DisplayFields } from "../search/store";
import type { Article } from "../types";

// What the library pages show of a document, computed once at ingest and stored with it, so no
// page reads a full text to name an untitled article. (Starter questions, which need names from
// the texts, read a bounded sample at page time instead: extracting names from every file at
// ingest cost more than the rest of ingesting 5,000 small files together.)

export function displayFieldsFor(article: Pick<Article, "title" | "text">): DisplayFields {
  return { display_title: displayTitle(article.title, article.text) };
}
