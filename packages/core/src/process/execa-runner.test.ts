import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { ExecaRunner } from "./execa-runner.js";

describe("the command runner", () => {
  it("stops a running command when the job is interrupted", async () => {
    const controller = new AbortController();
    const runner = new ExecaRunner(controller.signal);
    const running = runner.run({ argv: ["sleep", "30"] });
    setTimeout(() => controller.abort(new Error("SIGINT")), 100);
    const result = await running;
    expect(result.canceled).toBe(true);
  });

  it("lets teardown commands started after the interruption run to the end", async () => {
    const controller = new AbortController();
    controller.abort(new Error("SIGTERM"));
    const runner = new ExecaRunner(controller.signal);
    const result = await runner.run({ argv: ["sh", "-c", "sleep 0.2; echo unmounted"] });
    expect(result).toMatchObject({ exitCode: 0, canceled: false, stdout: "unmounted\n" });
  });

  it("hands a secret to the child on fd 3 and names the fd in the given variable", async () => {
    const runner = new ExecaRunner(new AbortController().signal);
    const result = await runner.run({ argv: ["sh", "-c", 'echo "$SECRET_FD"; cat <&3'], secret: { bytes: new TextEncoder().encode("s3cret"), envVar: "SECRET_FD" } });
    expect(result.stdout).toBe("3\ns3cret");
  });

  it("keeps the last 4 KiB of a pipe consumer's stdout (sshd's refusals arrive there), however much a hostile client writes", async () => {
    const runner = new ExecaRunner(new AbortController().signal);
    const ends = await runner.pipe({ argv: ["printf", "stream"] }, { argv: ["sh", "-c", "cat >/dev/null; head -c 20000000 /dev/zero | tr '\\0' x; echo; echo This account is currently not available.; exit 1"] });
    expect(ends.consumer.exitCode).toBe(1);
    expect(ends.consumer.stdout.length).toBeLessThanOrEqual(4096);
    expect(ends.consumer.stdout.trim().split("\n").at(-1)).toBe("This account is currently not available.");
    expect(ends.producer.stdout).toBe("");
  });

  it("gives children a fixed environment, not pullbak's own", async () => {
    process.env.PULLBAK_TEST_LEAK = "leak";
    const runner = new ExecaRunner(new AbortController().signal);
    const result = await runner.run({ argv: ["env"] });
    delete process.env.PULLBAK_TEST_LEAK;
    expect(result.stdout).not.toContain("PULLBAK_TEST_LEAK");
    expect(result.stdout).toContain("LANG=C.UTF-8");
  });
});

describe("commands when pullbak itself goes", () => {
  const built = new URL("../../dist/process/execa-runner.js", import.meta.url).href;

  /** Alive and not a zombie waiting for its new parent to reap it. */
  async function running(pid: number): Promise<boolean> {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
    return stat !== "" && stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  }

  it("each runs in its own process group and gets its kill signal when pullbak is SIGKILLed", async () => {
    const pidFile = join(await mkdtemp(join(tmpdir(), "pullbak-runner-")), "pid");
    const script = [
      `import { ExecaRunner } from ${JSON.stringify(built)};`,
      "const runner = new ExecaRunner(new AbortController().signal);",
      `await runner.run({ argv: ["sh", "-c", 'echo $$ > "$0"; exec sleep 30', ${JSON.stringify(pidFile)}], killSignal: "SIGINT" });`,
    ].join("\n");
    const pullbak = execa(process.execPath, ["--input-type=module", "-e", script], { reject: false });
    let pid = 0;
    for (let i = 0; i < 200 && !pid; i++) {
      pid = Number((await readFile(pidFile, "utf8").catch(() => "")).trim());
      if (!pid) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(pid).toBeGreaterThan(0);
    const group = (await readFile(`/proc/${pid}/stat`, "utf8")).split(") ")[1]!.split(" ")[2];
    expect(group).toBe(String(pid));
    pullbak.kill("SIGKILL");
    await pullbak;
    for (let i = 0; i < 100 && (await running(pid)); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await running(pid)).toBe(false);
  });
});
