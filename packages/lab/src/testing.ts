import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { labDown } from "./lab-down.js";
import { labUp } from "./lab-up.js";
import type { Lab } from "./lab-types.js";

// Generous, and set here so a suite does not depend on its vitest config's
// hookTimeout: ten hosts come up in a few seconds, but CI machines are slow.
const UP_TIMEOUT_MS = 120_000;
const DOWN_TIMEOUT_MS = 60_000;

/** What `useLab` returns: `lab` is there once the suite's beforeAll has run. */
export interface LabHandle {
  readonly lab: Lab;
}

/**
 * Gives a vitest suite `count` lab hosts: brings them up in a fresh temp dir
 * before the suite's tests and takes them down after them, whether the tests
 * passed, failed, or bringing up failed halfway. Call it at the top of a
 * test file or a `describe`.
 *
 *     const env = useLab(2);
 *     it("backs up", async () => { const [web] = env.lab.hosts; ... });
 */
export function useLab(count = 1): LabHandle {
  let dir: string | undefined;
  let lab: Lab | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "pullbak-lab-"));
    lab = await labUp({ dir, count });
  }, UP_TIMEOUT_MS);
  afterAll(async () => {
    if (dir !== undefined) await labDown({ dir });
  }, DOWN_TIMEOUT_MS);
  return {
    get lab(): Lab {
      if (!lab) throw new Error("useLab: the lab is not up yet; use `.lab` inside tests or hooks, not at collection time");
      return lab;
    },
  };
}
