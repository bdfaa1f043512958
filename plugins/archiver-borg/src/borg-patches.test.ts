import { serverRunner } from "@pullbak/core";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { PYTHON_DIR } from "./__fixtures__/fake-borg.js";
import { borgPatchEnvironment } from "./borg-patches.js";


describe("borgPatchEnvironment", () => {
  it("names the patches and puts the python dir where the runner shows it", () => {
    const runner = serverRunner([{ name: "borg-python", source: "/opt/pullbak/python", writable: false }]);
    expect(borgPatchEnvironment(runner, ["files-cache-first"])).toEqual({ PYTHONPATH: "/opt/pullbak/python", PULLBAK_BORG_PATCHES: "files-cache-first" });
    expect(borgPatchEnvironment(runner, ["symlink-metadata"])).toEqual({ PYTHONPATH: "/opt/pullbak/python", PULLBAK_BORG_PATCHES: "symlink-metadata" });
    expect(borgPatchEnvironment(runner, [])).toEqual({});
  });

  it("sitecustomize.py installs symlink-metadata only when named (os.chown replaced, and still listed as no-follow capable)", async () => {
    const script = "import os; print(os.chown.__module__, os.chown in os.supports_follow_symlinks)";
    const run = async (patches: string): Promise<string> =>
      String((await execa("python3", ["-c", script], { env: { PATH: "/usr/bin:/bin", PYTHONPATH: PYTHON_DIR, PULLBAK_BORG_PATCHES: patches }, extendEnv: false })).stdout);
    expect(await run("symlink-metadata")).toBe("pullbak_symlink_metadata True");
    expect(await run("files-cache-first")).toBe("posix True");
  });
});
