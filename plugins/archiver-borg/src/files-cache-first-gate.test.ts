/**
 * The version gate of libexec/python/pullbak_files_cache_first.py (issue 16),
 * run by the real python3 against a stand-in `borg` package of a chosen
 * version, loaded the way borg loads it (sitecustomize.py at start-up,
 * PULLBAK_BORG_PATCHES naming the patch, borg.archive imported later).
 */
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { fakeBorgs } from "./__fixtures__/fake-borg.js";

const fakes = fakeBorgs("archive");

/** borg's archive module with the names the patch uses. */
const MODULES = {
  "archive.py": [
    "flags_normal = 0",
    "def safe_encode(s): return s.encode()",
    "class FilesystemObjectProcessors:",
    "    def __init__(self): pass",
    "    def process_file(self, *, path, parent_fd, name, st, cache, flags=flags_normal): return 'stock'",
    "",
  ].join("\n"),
};

/** Runs the stand-in borg's create setup under PATCHES; what it printed and whether process_file is borg's own. */
async function runWith(version: string, patches: string): Promise<{ stderr: string; stock: boolean }> {
  const script = [
    "import borg.archive as a",
    "a.FilesystemObjectProcessors()",
    "print('stock' if a.FilesystemObjectProcessors.process_file.__qualname__ == 'FilesystemObjectProcessors.process_file' else 'patched')",
  ].join("\n");
  const result = await execa("python3", ["-c", script, "--log-json"], {
    env: fakes.env(version, MODULES, patches),
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
