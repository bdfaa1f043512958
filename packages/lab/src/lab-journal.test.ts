import { appendFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { journal, journaledSlots, readJournal } from "./lab-journal.js";

describe("lab journal", () => {
  let dir = "";
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("reads back what was appended, skipping a torn last line", async () => {
    dir = await mkdtemp(join(tmpdir(), "lab-journal-"));
    const path = join(dir, "journal.jsonl");
    await journal(path, { made: "slot", slot: 3, host: "lab1" });
    await journal(path, { made: "network", slot: 3, host: "lab1" });
    await journal(path, { made: "slot", slot: 4, host: "lab2" });
    await appendFile(path, '{"made":"netw');
    const entries = await readJournal(path);
    expect(entries).toHaveLength(3);
    expect(journaledSlots(entries)).toEqual([3, 4]);
  });

  it("treats a missing journal as empty", async () => {
    expect(await readJournal("/nonexistent/pullbak-lab/journal.jsonl")).toEqual([]);
  });
});
