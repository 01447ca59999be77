import "server-only";
import { randomUUID } from "node:crypto";
import os from "node:os";
import { Field, Float64, Int32, Schema, Utf8 } from "apache-arrow";
import type { Table } from "@lancedb/lancedb";
import { sqlString, type Store } from "./store";

// One writer per index, wherever the index lives: the lock is a row in the index itself (table
// `ingest_lock`), not a file beside it, so two machines sharing an s3:// index see the same lock.
//
// Taking it is a compare-and-swap: read the row, and if it is free, expired, or held by a process
// of this host that is gone, update it *on condition that its owner is still the one read*. LanceDB
// commits an update as a new table version through a conditional write (rename-if-absent in a
// folder, `If-None-Match` PUT on S3, GCS and Azure); of two updates racing from the same version,
// one commits and the other is re-run against the new version, where the condition no longer holds.
// So of any number of processes taking over a stale lock, exactly one wins.
//
// The lock is a lease: the holder renews it every third of its length, and a holder that finds it
// taken (it stalled past expiry) stops before its next commit. Expiry compares wall clocks of the
// machines involved: keep them in sync (NTP) to well under the lease.

export const lockTableName = "ingest_lock";
const lockKey = "ingest";
/** Long enough to survive a slow commit or a GC pause, short enough that a crashed machine's lock frees itself soon. */
export const defaultLeaseMs = 60_000;

const lockSchema = new Schema([
  new Field("key", new Utf8(), false),
  new Field("owner", new Utf8(), false),
  new Field("host", new Utf8(), false),
  new Field("pid", new Int32(), false),
  new Field("expires_at", new Float64(), false),
]);

interface LockRow {
  key: string;
  /** A fresh random token per acquisition; '' when free. */
  owner: string;
  host: string;
  pid: number;
  /** Milliseconds since the epoch. */
  expires_at: number;
}

const freeRow: LockRow = { key: lockKey, owner: "", host: "", pid: 0, expires_at: 0 };

export class IngestLockedError extends Error {
  override name = "IngestLockedError";
}

export interface IngestLock {
  /** Throws if the lease was lost (taken over after this process stalled past its expiry). */
  assertHeld(): void;
  release(): Promise<void>;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether a lock row can be taken: free, expired, or held by a process of this host that has exited (killed mid-ingest). */
export function lockIsTakeable(row: Pick<LockRow, "owner" | "host" | "pid" | "expires_at">, options: { now: number; host: string; alive: (pid: number) => boolean }): boolean {
  if (row.owner === "" || row.expires_at <= options.now) return true;
  return row.host === options.host && row.pid !== process.pid && !options.alive(row.pid);
}

function describeHolder(row: LockRow): string {
  return `Another ingest (process ${row.pid} on ${row.host}) is writing this index; wait for it to finish (its lease runs to ${new Date(row.expires_at).toISOString()} unless renewed).`;
}

async function readRow(table: Table): Promise<LockRow> {
  const [row] = (await table.query().where(`key = ${sqlString(lockKey)}`).limit(1).toArray()) as LockRow[];
  if (!row) return freeRow;
  return { key: row.key, owner: row.owner, host: row.host, pid: Number(row.pid), expires_at: Number(row.expires_at) };
}

/**
 * Takes the index's ingest lock, or throws IngestLockedError naming the holder. The returned lock
 * renews its lease in the background until released.
 */
export async function acquireIngestLock(store: Store, options: { leaseMs?: number } = {}): Promise<IngestLock> {
  const leaseMs = options.leaseMs ?? defaultLeaseMs;
  const table = await store.ensureTable(lockTableName, { rows: [{ ...freeRow }], schema: lockSchema });
  const host = os.hostname();
  const token = randomUUID();
  // A second pass covers a row that changed between the read and the update (another process
  // released or renewed it); a third conflict in a row means a busy race that we lose honestly.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const row = await readRow(table);
    if (!lockIsTakeable(row, { now: Date.now(), host, alive: processAlive })) throw new IngestLockedError(describeHolder(row));
    const takenAt = Date.now();
    const taken = await table.update({
      where: `key = ${sqlString(lockKey)} AND owner = ${sqlString(row.owner)}`,
      values: { owner: token, host, pid: process.pid, expires_at: takenAt + leaseMs },
    });
    if (taken.rowsUpdated === 1) return holdLease({ table, token, leaseMs, takenAt });
  }
  const row = await readRow(table);
  throw new IngestLockedError(row.owner ? describeHolder(row) : "Another ingest took the lock at the same moment; try again.");
}

const lostMessage = "This ingest lost the index lock (it stalled past its lease and another ingest may have taken over); stopped before writing more.";

function holdLease(options: { table: Table; token: string; leaseMs: number; takenAt: number }): IngestLock {
  const { table, token, leaseMs } = options;
  const mine = `key = ${sqlString(lockKey)} AND owner = ${sqlString(token)}`;
  let validUntil = options.takenAt + leaseMs;
  let lost = false;
  let renewing: Promise<void> = Promise.resolve();
  const renew = async () => {
    try {
      const asked = Date.now();
      const renewed = await table.update({ where: mine, values: { expires_at: asked + leaseMs } });
      if (renewed.rowsUpdated === 0) lost = true;
      else validUntil = asked + leaseMs;
    } catch {
      // A failed renewal (network) is retried at the next beat; the lease still has two thirds to run.
    }
  };
  const timer = setInterval(() => {
    renewing = renewing.then(renew);
  }, Math.max(50, Math.floor(leaseMs / 3)));
  timer.unref();
  return {
    assertHeld() {
      if (lost || Date.now() > validUntil) throw new IngestLockedError(lostMessage);
    },
    async release() {
      clearInterval(timer);
      await renewing;
      await table.update({ where: mine, values: { owner: "", host: "", pid: 0, expires_at: 0 } });
    },
  };
}
