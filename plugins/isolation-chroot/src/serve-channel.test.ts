import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { describe, expect, it } from "vitest";

const script = fileURLToPath(new URL("../libexec/enter-chroot.sh", import.meta.url));
const asRoot = process.getuid?.() === 0;

/** Live processes whose command line holds `text`. */
async function processesNaming(text: string): Promise<string[]> {
  const { stdout } = await execa("ps", ["-eo", "pid=,args="]);
  return stdout.split("\n").filter((line) => line.includes(text) && !line.includes("ps -eo"));
}

describe.skipIf(!asRoot)("the serve channel of enter-chroot.sh", () => {
  // The CI hang of issue #10's serve channel: the script died after starting the
  // server program, whose shell stayed blocked opening a FIFO nobody would open,
  // holding the script's stderr, so the caller waited for ever.
  it("a script that fails after starting the server program leaves nothing blocked on the FIFOs, and its caller is not held up", async () => {
    const dir = await mkdtemp(join(tmpdir(), "serve-channel-"));
    const [lower, upper, work, merged, channel] = ["lower", "upper", "work", "merged", "channel"].map((name) => join(dir, name));
    for (const path of [lower!, upper!, work!, merged!, channel!]) await mkdir(path);
    const marker = `pullbak-serve-test-${process.pid}-${Date.now()}`;
    const started = Date.now();
    // --chdir with a relative path fails after --serve has started the server program.
    const result = await execa("unshare", ["--mount", "--propagation", "private", "--", "sh", script, "overlay", lower!, upper!, work!, merged!, "--serve", channel!, "3", "sleep", "300", marker, "--chdir", "relative", "--exec", "/bin/true", "--"], {
      reject: false,
      timeout: 60_000,
    });
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).toBe(125);
    expect(result.stderr).toContain("--chdir needs an absolute path");
    expect(Date.now() - started).toBeLessThan(30_000);
    // The blocked opener got the parent-death signal: nothing of the server program is left.
    for (let i = 0; i < 50 && (await processesNaming(marker)).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await processesNaming(marker)).toEqual([]);
  });
});
