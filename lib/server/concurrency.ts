// A gate for expensive work: at most `limit` holders at once, and a holder releases exactly once
// however its work ends (finished, failed, or its client went away). Per process, like the rate
// limiter: with several servers, each has its own gate.

export interface Gate {
  /** A release function, or undefined when the gate is full. */
  tryEnter(): (() => void) | undefined;
  readonly active: number;
}

export function createGate(limit: number): Gate {
  let active = 0;
  return {
    tryEnter() {
      if (active >= limit) return undefined;
      active += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        active -= 1;
      };
    },
    get active() {
      return active;
    },
  };
}

const gates = new Map<number, Gate>();

/** The process-wide gate for a limit (one per configured value). */
export function sharedGate(limit: number): Gate {
  let gate = gates.get(limit);
  if (!gate) {
    gate = createGate(limit);
    gates.set(limit, gate);
  }
  return gate;
}

/**
 * Passes a stream through and calls `done` once when it ends, fails or is cancelled; `cancelled`
 * also runs on a cancel, so the work behind the stream can stop for a client that left.
 */
export function releasingWhenDone<T>(stream: ReadableStream<T>, done: () => void, cancelled?: () => void): ReadableStream<T> {
  const reader = stream.getReader();
  return new ReadableStream<T>({
    async pull(controller) {
      try {
        const { value, done: finished } = await reader.read();
        if (finished) {
          done();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        done();
        controller.error(error);
      }
    },
    async cancel(reason) {
      done();
      cancelled?.();
      await reader.cancel(reason);
    },
  });
}
