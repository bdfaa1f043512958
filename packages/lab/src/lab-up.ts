import { hasLabMarker, writeLabMarker } from "./lab-marker.js";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { authorizedKeyLine } from "./authorized-keys.js";
import { hostUp } from "./host-up.js";
import { knownHostsLine } from "./known-hosts.js";
import { labConfigText } from "./lab-config.js";
import { canonicalLabDir } from "./lab-dir.js";
import { labDown } from "./lab-down.js";
import { LabError } from "./lab-error.js";
import { type LabPaths, labPaths } from "./lab-paths.js";
import { loadLabRecord, saveLabRecord } from "./lab-record.js";
import { labStatus } from "./lab-status.js";
import type { Lab } from "./lab-types.js";
import { KEY_PURPOSES, ensureKeyPair, publicKeyOf } from "./keys.js";
import { ensurePassphraseFile } from "./passphrase-file.js";
import { pathExists } from "./path-exists.js";
import { assertRoot } from "./root-check.js";
import { settleAll } from "./settle-all.js";

/** Enough for any test; each host costs a /30, a netns and an sshd. */
const MAX_HOSTS = 64;

/**
 * Brings up `count` lab hosts (default 1) in `dir`, all in parallel, and
 * writes their keys, known_hosts and a pullbak config into `dir`.
 *
 * If `dir` already holds a lab whose hosts are all up (and `count` is absent
 * or matches), that lab is returned as it is. Anything else already in `dir`
 * (a lab with hosts down, a different count, leftovers of an interrupted
 * `labUp`, files that are not a lab's) is refused with a LabError: call
 * `labDown` first. If bringing up fails, whatever was made is taken down
 * again before the error is thrown.
 */
export async function labUp(opts: { dir: string; count?: number }): Promise<Lab> {
  assertRoot("labUp");
  const count = opts.count ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > MAX_HOSTS) {
    throw new RangeError(`lab host count must be an integer from 1 to ${MAX_HOSTS}, got ${count}`);
  }
  const existing = await existingLab(labPaths(await canonicalLabDir(opts.dir)), opts.count);
  if (existing) return existing;

  await mkdir(resolve(opts.dir), { recursive: true, mode: 0o700 });
  const paths = labPaths(await canonicalLabDir(opts.dir));
  if (!(await hasLabMarker(paths))) await writeLabMarker(paths);
  try {
    return await bringUp(paths, count);
  } catch (error) {
    await labDown({ dir: paths.dir }).catch(() => {
      // The original failure is the one worth reporting; a second labDown can retry.
    });
    throw error;
  }
}

async function bringUp(paths: LabPaths, count: number): Promise<Lab> {
  await mkdir(paths.keysDir, { recursive: true, mode: 0o700 });
  await settleAll([
    ...KEY_PURPOSES.map((purpose) => ensureKeyPair(paths.keys[purpose], `pullbak-lab-${purpose}`)),
    ensurePassphraseFile(paths.passphrase),
  ]);
  let authorizedKeys = "";
  for (const purpose of KEY_PURPOSES) authorizedKeys += authorizedKeyLine(purpose, await publicKeyOf(paths.keys[purpose]));

  const started = await settleAll(Array.from({ length: count }, (_, index) => hostUp(paths, index, authorizedKeys)));
  const hosts = started.map(({ host }) => host);
  await writeFile(paths.knownHosts, started.map(({ host, hostKey }) => knownHostsLine(host.address, host.port, hostKey)).join(""));
  await writeFile(paths.config, labConfigText(paths, hosts));

  const lab: Lab = {
    dir: paths.dir,
    hosts,
    knownHostsFile: paths.knownHosts,
    keys: { ...paths.keys },
    passphraseFile: paths.passphrase,
    configFile: paths.config,
  };
  await saveLabRecord(paths, lab);
  return lab;
}

/** The running lab to reuse, undefined when `dir` is free, or a LabError saying why not. */
async function existingLab(paths: LabPaths, count: number | undefined): Promise<Lab | undefined> {
  const recorded = await loadLabRecord(paths);
  if (recorded) {
    const down = (await labStatus({ dir: paths.dir })).filter((host) => !host.up).map((host) => host.name);
    if (down.length > 0) {
      throw new LabError("LAB_EXISTS", `the lab in ${paths.dir} has hosts down (${down.join(", ")}); run labDown on it first`);
    }
    if (count !== undefined && count !== recorded.hosts.length) {
      throw new LabError(
        "LAB_EXISTS",
        `the lab in ${paths.dir} is up with ${recorded.hosts.length} hosts, not ${count}; run labDown on it first`,
      );
    }
    return recorded;
  }
  if (await pathExists(paths.journal)) {
    throw new LabError(
      "LAB_DIR_IN_USE",
      `${paths.dir} holds an interrupted (or still running) labUp; run labDown on it first`,
    );
  }
  const entries = await readdir(paths.dir).catch(() => []);
  if (entries.length > 0 && !(await pathExists(paths.marker))) {
    throw new LabError("LAB_DIR_IN_USE", `${paths.dir} is not empty and is not a lab dir; give labUp a new or empty dir`);
  }
  return undefined;
}
