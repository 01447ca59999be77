// The blind-written question sets come in rounds, each split once into dev / holdout / test
// (eval/README.md). The training scripts read them by round.

/** A question set's split in each round ("" is round 1): roundFiles("seed-ask", "dev", ["", "2"]). */
export function roundFiles(set: string, split: "dev" | "holdout" | "test", rounds: readonly string[]): string[] {
  return rounds.map((round) => `eval/${set}${round}-${split}.jsonl`);
}

/** The names of rounds 1 to `last`, as the files spell them ("" is round 1): roundsThrough(3) is ["", "2", "3"]. */
export function roundsThrough(last: number): string[] {
  return Array.from({ length: last }, (_, index) => (index === 0 ? "" : String(index + 1)));
}
