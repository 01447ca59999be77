import "server-only";

// The corpus reader's public face: ingest and the API import from here.
export { describeError, listCorpusFiles, loadArticle, formatOf, maxFileBytes, minArticleChars, scanCorpus, type CorpusScan, type LoadedArticle, type LoadResult } from "./read";
export { cleanArticle, type ArticleFormat, type CleanedArticle } from "./clean";
export { parseDate } from "./metadata";
