/**
 * Change detection over SFTP (issue 15): the files cache's "ctime" is the
 * mtime there, so a same-size edit that keeps its mtime is not read again
 * by a normal run; `run --full-read` reads it. One lab host, one file.
 */
import { readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { expect, it } from "vitest";
import { newestArchive, onDisk, pullbakOk, useBackedUpLab } from "./restore-helpers.js";
import type { LabHost } from "@pullbak/lab";

let host: LabHost;
let config: string;
useBackedUpLab((b) => ({ host, config } = b));

/** Rewrites a file with other bytes of the same length and puts its mtime back. */
async function editInPlace(path: string, text: string): Promise<void> {
  const before = await stat(path);
  await writeFile(path, text);
  expect((await stat(path)).size).toBe(before.size);
  await utimes(path, before.atime, before.mtime);
}

async function archivedText(archive: string, clientPath: string): Promise<string> {
  await rm(onDisk(host, clientPath));
  await pullbakOk(config, "restore", host.name, "--archive", archive, "--plugin", "tar-restore", clientPath);
  return readFile(onDisk(host, clientPath), "latin1");
}

/**
 * borg leaves the files with the newest mtime of a run out of its files
 * cache (they could still change within that second): a file newer than
 * the one under test keeps it in the cache, as on any real client.
 */
async function somethingNewer(): Promise<void> {
  await writeFile(onDisk(host, "/srv/data/newest.txt"), `${Date.now()}\n`);
}

it("a same-size edit that keeps its mtime is missed by a normal run and read by run --full-read", async () => {
  const path = "/srv/data/team/plan.txt";
  const original = await readFile(onDisk(host, path), "latin1");
  const edited = original.replace(/./g, "x");
  const again = original.replace(/./g, "y");
  await somethingNewer();
  await pullbakOk(config, "run", host.name);

  await editInPlace(onDisk(host, path), edited);
  await somethingNewer();
  await pullbakOk(config, "run", host.name);
  expect(await archivedText(await newestArchive(config, host.name), path)).toBe(original);

  await editInPlace(onDisk(host, path), again);
  await pullbakOk(config, "run", host.name, "--full-read");
  expect(await archivedText(await newestArchive(config, host.name), path)).toBe(again);
});
