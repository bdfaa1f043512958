/**
 * A hook or a plugin throws during the teardown: the remaining undo steps
 * still run (the client is unmounted whatever a hook's step does), and every
 * failure is reported, each as a warning and all of them in the final line.
 * The hook is a third-party plugin fixture whose every teardown step fails.
 */
import { fileURLToPath } from "node:url";
import type { Lab, LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { archivesWithCheckpoints, CLEAN, morningAfter, pullbak, scenario, seedBulk, verdict, type Scenario } from "./support/faults.js";

const env = useLab(1);
const HOOK = fileURLToPath(new URL("./fixtures/pullbak-plugin-broken-teardown/index.js", import.meta.url));

describe("a teardown step that throws", () => {
  let lab: Lab;
  let host: LabHost;
  let s: Scenario;

  beforeAll(async () => {
    lab = env.lab;
    host = lab.hosts[0]!;
    s = await scenario(lab, "teardown", { plugins: [HOOK], hooks: ["broken-teardown"] });
    await seedBulk(host, 1, 1);
    const init = await pullbak(s, "init", host.name);
    expect(init.exitCode, init.stderr).toBe(0);
  });

  it("after a good backup: every other step still runs, each failure is reported, the run fails", async () => {
    const result = await pullbak(s, "run", host.name, "--archive", "made");

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`${host.name}: warning: teardown step "flush the hook's spool" failed: spool directory is read-only`);
    expect(result.stderr).toContain(`${host.name}: warning: teardown step "release the hook's lease" failed: lease server unreachable`);
    expect(verdict(result)).toBe(`pullbak: host ${host.name}: the work was done, but 2 teardown steps failed: flush the hook's spool, release the hook's lease (run \`pullbak cleanup\`)`);
    // The spool step failed before the unmounts, yet they ran: nothing is left.
    expect(await morningAfter(s, host, "made")).toEqual(CLEAN);
    expect(await archivesWithCheckpoints(s, host)).toContain("made");
  });

  it("after a failed backup: the job's own error comes first, the hook's failures follow it", async () => {
    // The archive exists already: borg create fails.
    const result = await pullbak(s, "run", host.name, "--archive", "made");

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`${host.name}: warning: hook broken-teardown onError failed: pager is down`);
    expect(result.stderr).toContain(`${host.name}: warning: teardown step "release the hook's lease" failed: lease server unreachable`);
    expect(verdict(result)).toBe(
      `pullbak: host ${host.name}: borg create failed (exit 2): Archive made already exists; and 1 teardown step failed: release the hook's lease (run \`pullbak cleanup\`)`,
    );
    expect(await morningAfter(s, host, "made")).toEqual(CLEAN);
  });
});
