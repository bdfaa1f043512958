import { join } from "node:path";

/**
 * Where everything lives inside a lab dir. One place, so that `labUp`,
 * `labDown` and the docs agree.
 */
export function labPaths(dir: string) {
  const keysDir = join(dir, "keys");
  const hostsDir = join(dir, "hosts");
  return {
    dir,
    /** Says "this dir belongs to a lab": only then may `labDown` delete all of it. */
    marker: join(dir, ".pullbak-lab"),
    /** What `labUp` is about to make, appended before it makes it. */
    journal: join(dir, "lab-journal.jsonl"),
    /** The finished `Lab`, written when `labUp` succeeds. */
    record: join(dir, "lab.json"),
    keysDir,
    keys: { backup: join(keysDir, "backup"), restore: join(keysDir, "restore"), tar: join(keysDir, "tar") },
    knownHosts: join(dir, "known_hosts"),
    passphrase: join(dir, "passphrase"),
    config: join(dir, "pullbak.yaml"),
    /** pullbak's own state and repositories, as named in the generated config. */
    stateDir: join(dir, "state"),
    reposDir: join(dir, "repos"),
    hostsDir,
    hostRoot: (name: string) => join(hostsDir, name, "root"),
  };
}

export type LabPaths = ReturnType<typeof labPaths>;
