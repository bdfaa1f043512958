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

  it("gives children a fixed environment, not pullbak's own", async () => {
    process.env.PULLBAK_TEST_LEAK = "leak";
    const runner = new ExecaRunner(new AbortController().signal);
    const result = await runner.run({ argv: ["env"] });
    delete process.env.PULLBAK_TEST_LEAK;
    expect(result.stdout).not.toContain("PULLBAK_TEST_LEAK");
    expect(result.stdout).toContain("LANG=C.UTF-8");
  });
});
