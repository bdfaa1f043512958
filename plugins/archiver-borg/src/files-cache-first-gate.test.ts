/**
 * The version gate of libexec/python/pullbak_files_cache_first.py (issue 16),
 * run by the real python3 against a stand-in `borg` package of a chosen
 * version, loaded the way borg loads it (sitecustomize.py at start-up,
 * PULLBAK_BORG_PATCHES naming the patch, borg.archive imported later).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";

const PYTHON_DIR = fileURLToPath(new URL("../libexec/python", import.meta.url));
const fakes = mkdtempSync(join(tmpdir(), "pullbak-fake-borg-"));
afterAll(() => rmSync(fakes, { recursive: true, force: true }));

/** A directory holding a package `borg` of VERSION whose archive module has the names the patch uses. */
function fakeBorg(version: string): string {
  const dir = join(fakes, version);
  mkdirSync(join(dir, "borg"), { recursive: true });
  writeFileSync(join(dir, "borg", "__init__.py"), `__version__ = ${JSON.stringify(version)}\n`);
  writeFileSync(
    join(dir, "borg", "archive.py"),
    [
      "flags_normal = 0",
      "def safe_encode(s): return s.encode()",
      "class FilesystemObjectProcessors:",
      "    def __init__(self): pass",
      "    def process_file(self, *, path, parent_fd, name, st, cache, flags=flags_normal): return 'stock'",
      "",
    ].join("\n"),
  );
  return dir;
}

/** Runs the stand-in borg's create setup under PATCHES; what it printed and whether process_file is borg's own. */
async function runWith(version: string, patches: string): Promise<{ stderr: string; stock: boolean }> {
  const script = [
    "import borg.archive as a",
    "a.FilesystemObjectProcessors()",
    "print('stock' if a.FilesystemObjectProcessors.process_file.__qualname__ == 'FilesystemObjectProcessors.process_file' else 'patched')",
  ].join("\n");
  const result = await execa("python3", ["-c", script, "--log-json"], {
    env: { PATH: "/usr/bin:/bin", PYTHONPATH: `${PYTHON_DIR}:${fakeBorg(version)}`, PULLBAK_BORG_PATCHES: patches, PYTHONDONTWRITEBYTECODE: "1" },
    extendEnv: false,
  });
  return { stderr: result.stderr, stock: result.stdout.trim() === "stock" };
}

describe("files-cache-first version gate", () => {
  it("patches borg 1.2.4, the version it was checked against, and says so as a JSON log line", async () => {
    const { stderr, stock } = await runWith("1.2.4", "files-cache-first");
    expect(stock).toBe(false);
    const line = JSON.parse(stderr) as { type: string; levelname: string; message: string };
    expect(line).toMatchObject({ type: "log_message", levelname: "INFO" });
    expect(line.message).toMatch(/^files-cache-first on \(borg 1\.2\.4\)/);
  });

  it.each(["1.2.3", "1.2.5", "1.2.8", "1.4.0", "2.0.0b14", "1.1.18"])("leaves borg %s stock and says why", async (version) => {
    const { stderr, stock } = await runWith(version, "files-cache-first");
    expect(stock).toBe(true);
    expect((JSON.parse(stderr) as { message: string }).message).toBe(
      `files-cache-first off: borg ${version} is not a version it was checked against (1.2.4); stock borg behaviour`,
    );
  });

  it("does nothing at all unless PULLBAK_BORG_PATCHES names it", async () => {
    for (const patches of ["", "symlink-metadata", "files-cache-firstx"]) {
      expect(await runWith("1.2.4", patches)).toEqual({ stderr: "", stock: true });
    }
  });
});
