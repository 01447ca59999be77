import "server-only";

// The corpus reader's public face: ingest and the API import from here.
export { listCorpusFiles, loadArticle, formatOf, maxFileBytes, minArticleChars } from "./read";
export { cleanArticle, type ArticleFormat, type CleanedArticle } from "./clean";
export { parseDate } from "./metadata";
