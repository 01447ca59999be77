// What a message asks for, when the mode switch was left on "ask": "Summarize the article about
// Xi's visit" wants a summary and "How do the two pieces differ on water?" a comparison, and a
// reader who types that into the default mode should get one, not a single quoted sentence.
// Only "ask" is read this way; a mode the user chose stays.
import type { AnswerMode } from "../types";

const politeOpening = String.raw`^\s*(?:(?:please|can you|could you|would you|will you|now|ok(?:ay)?|and|so|also|then|i'd like you to|i want you to)[\s,]+)*`;

const summaryRequest = new RegExp(
  politeOpening +
    String.raw`(?:summari[sz]e|sum up|recap|brief me|tl;?dr|break down|pull together|walk me through|give (?:me |us )?(?:a |an |the )?(?:short |brief |quick |one-paragraph )?(?:summary|gist|overview|rundown|run-down|lowdown|recap|digest|synopsis|main points|key points)|(?:a |the )?(?:short |brief |quick )?(?:summary|gist|overview|rundown|run-down|recap|synopsis|lowdown) (?:of|on)|(?:what(?:'s| is| are| was| were) )?the (?:gist|substance|main points|key points|key takeaways|takeaways|highlights) (?:of|in|from))\b`,
  "i",
);
/**
 * "What do the articles say about corridors?", "What was Wilson's 1916 message mainly about?",
 * "What's the op-ed arguing?": what a text or the collection is about, which a summary gives.
 */
const collectionQuestion = new RegExp(
  [
    String.raw`^\s*(?:and\s+)?what do (?:the |all the |these |all these )?(?:articles|pieces|sources|stories|reports|speeches|documents|texts) (?:say|tell (?:us|me)|report) (?:about|on)\b`,
    String.raw`^\s*what(?:'s| is| was| are| were) (?:the |this |that |these )?.{0,80}\b(?:article|piece|op-?ed|report|story|speech|message|address|collection|articles|pieces|speeches)\b.{0,40}\babout(?: overall| mainly)?\s*\??\s*$`,
    String.raw`^\s*what(?:'s| is| does) (?:the |this |that )?.{0,80}\b(?:article|piece|op-?ed|report|story|speech|message|address)\b.{0,80}\bargu(?:e|ing)\s*\??\s*$`,
    String.raw`^\s*what did .{0,80}\b(?:say|report|propose|announce|argue)\s*\??\s*$`,
    String.raw`^\s*how do (?:the |these |all the )?(?:articles|pieces|sources|stories|reports|speeches) (?:portray|describe|present|treat|cover|see|view|depict|characteri[sz]e)\b`,
  ].join("|"),
  "i",
);

const compareRequest = new RegExp(
  politeOpening +
    String.raw`(?:compare|contrast)\b|\bhow (?:do|does|did)\s.+\s(?:differ|compare)\b|\b(?:differences?|similarities) between\b|\bwhere do\s.+\s(?:agree|disagree|differ)\b|\b(?:differently|the same way)\b|^\s*do (?:the |these |both )?(?:articles|pieces|sources|reports|speeches) (?:agree|disagree|differ)\b`,
  "i",
);

/** The mode a message asks for: the chosen one, or for "ask", a summary or comparison when the message requests one. */
export function requestedMode(chosen: AnswerMode, message: string): AnswerMode {
  if (chosen !== "ask") return chosen;
  if (compareRequest.test(message)) return "compare";
  if (summaryRequest.test(message) || collectionQuestion.test(message)) return "summarize";
  return "ask";
}
