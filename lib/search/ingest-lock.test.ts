import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3Server, type S3TestServer } from "../../tests/support/s3-server";
import { acquireIngestLock, IngestLockedError, lockIsTakeable, lockTableName } from "./ingest-lock";
import { Store } from "./store";

let s3: S3TestServer;
let folder: string;

beforeAll(async () => {
  s3 = await startS3Server();
  folder = await mkdtemp(path.join(os.tmpdir(), "caravan-lock-"));
});

afterAll(async () => {
  await s3?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe("lockIsTakeable", () => {
  const host = "this-host";
  const now = 1_000_000;
  const alive = (pid: number) => pid === 42;
  it("takes a free or expired lock, and a live-looking one only when its process on this host is gone", () => {
    expect(lockIsTakeable({ owner: "", host: "", pid: 0, expires_at: 0 }, { now, host, alive })).toBe(true);
    expect(lockIsTakeable({ owner: "t", host: "other", pid: 42, expires_at: now - 1 }, { now, host, alive })).toBe(true);
    expect(lockIsTakeable({ owner: "t", host: "other", pid: 7, expires_at: now + 1 }, { now, host, alive })).toBe(false);
    expect(lockIsTakeable({ owner: "t", host, pid: 42, expires_at: now + 1 }, { now, host, alive })).toBe(false);
    expect(lockIsTakeable({ owner: "t", host, pid: 7, expires_at: now + 1 }, { now, host, alive })).toBe(true);
  });
});

describe.each(["folder", "s3"] as const)("the ingest lock in a %s index", (kind) => {
  let uri: string;
  const stores: Store[] = [];
  const open = async () => {
    const store = await Store.open(uri, kind === "s3" ? { storageOptions: s3.storageOptions } : {});
    stores.push(store);
    return store;
  };
  let lockRow: (values: Record<string, string | number>) => Promise<void>;

  beforeAll(async () => {
    uri = kind === "s3" ? `s3://${s3.bucket}/lock-test` : path.join(folder, "lock-test");
    const store = await open();
    // The lock table starts free; the tests then write the row the way a holder would.
    await (await acquireIngestLock(store)).release();
    const connection = await lancedb.connect(uri, { storageOptions: kind === "s3" ? s3.storageOptions : {} });
    const table = await connection.openTable(lockTableName);
    lockRow = async (values) => void (await table.update({ where: "key = 'ingest'", values }));
  });

  afterAll(() => {
    for (const store of stores) store.close();
  });

  it("refuses while another machine's lease runs, naming the holder, and takes it once the lease has expired", async () => {
    await lockRow({ owner: "other-token", host: "machine-b", pid: 4242, expires_at: Date.now() + 60_000 });
    const refused = acquireIngestLock(await open());
    await expect(refused).rejects.toBeInstanceOf(IngestLockedError);
    await expect(refused).rejects.toThrow(/Another ingest \(process 4242 on machine-b\) is writing this index; wait for it to finish/);

    await lockRow({ expires_at: Date.now() - 1 });
    const lock = await acquireIngestLock(await open());
    await expect(acquireIngestLock(await open())).rejects.toThrow(new RegExp(`process ${process.pid} on `));
    await lock.release();
  });

  it("takes over at once the lock of a process on this host that has exited", async () => {
    const exited = spawn(process.execPath, ["-e", ""]);
    await new Promise((resolve) => exited.once("exit", resolve));
    await lockRow({ owner: "killed-token", host: os.hostname(), pid: exited.pid!, expires_at: Date.now() + 60_000 });
    const lock = await acquireIngestLock(await open());
    await lock.release();
  });

  it("lets exactly one of several processes take over a stale lock at the same moment", async () => {
    for (let round = 0; round < 3; round += 1) {
      await lockRow({ owner: `stale-${round}`, host: "gone-machine", pid: 1, expires_at: Date.now() - 1 });
      const contenders = await Promise.all([open(), open(), open(), open()]);
      const outcomes = await Promise.allSettled(contenders.map((store) => acquireIngestLock(store)));
      const winners = outcomes.filter((outcome) => outcome.status === "fulfilled");
      expect(winners, JSON.stringify(outcomes.map((outcome) => outcome.status === "rejected" && String(outcome.reason)))).toHaveLength(1);
      for (const outcome of outcomes) if (outcome.status === "rejected") expect(outcome.reason).toBeInstanceOf(IngestLockedError);
      await (winners[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireIngestLock>>>).value.release();
    }
  });

  it("a holder whose lease was taken over finds out at its next renewal and stops", async () => {
    const lock = await acquireIngestLock(await open(), { leaseMs: 600 });
    lock.assertHeld();
    // As if this process had stalled past its lease and another ingest had taken the lock.
    await lockRow({ owner: "usurper", host: "machine-c", pid: 7, expires_at: Date.now() + 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(() => lock.assertHeld()).toThrow(/lost the index lock/);
    await lock.release();
    await lockRow({ owner: "", host: "", pid: 0, expires_at: 0 });
  });
});
