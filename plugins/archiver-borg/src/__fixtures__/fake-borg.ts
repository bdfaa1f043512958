/**
 * Stand-in `borg` packages for the borg patches' gate tests: the real
 * python3 loads libexec/python's sitecustomize.py (PULLBAK_BORG_PATCHES
 * naming the patches) and then imports a `borg` package of a chosen version
 * holding only the modules a patch touches.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";

/** libexec/python: where sitecustomize.py and the patches are. */
export const PYTHON_DIR = fileURLToPath(new URL("../../libexec/python", import.meta.url));

export interface FakeBorgs {
  /** The temp dir holding them (removed after the test file). */
  dir: string;
  /** Writes borg/__init__.py (`__version__ = VERSION`) and borg/NAME for each of MODULES; the dir to put on PYTHONPATH. */
  make(version: string, modules: Record<string, string>): string;
  /** A clean environment in which python3 loads PATCHES and then the stand-in of VERSION, plus EXTRA. */
  env(version: string, modules: Record<string, string>, patches: string, extra?: Record<string, string>): Record<string, string>;
}

/** Stand-in borgs under a temp dir named after LABEL, removed once the test file is done. */
export function fakeBorgs(label: string): FakeBorgs {
  const dir = mkdtempSync(join(tmpdir(), `pullbak-fake-borg-${label}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const make = (version: string, modules: Record<string, string>): string => {
    const root = join(dir, version);
    mkdirSync(join(root, "borg"), { recursive: true });
    writeFileSync(join(root, "borg", "__init__.py"), `__version__ = ${JSON.stringify(version)}\n`);
    for (const [name, text] of Object.entries(modules)) writeFileSync(join(root, "borg", name), text);
    return root;
  };
  return {
    dir,
    make,
    env: (version, modules, patches, extra = {}) => ({
      PATH: "/usr/bin:/bin",
      PYTHONPATH: `${PYTHON_DIR}:${make(version, modules)}`,
      PULLBAK_BORG_PATCHES: patches,
      PYTHONDONTWRITEBYTECODE: "1",
      ...extra,
    }),
  };
}
