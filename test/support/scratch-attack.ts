/**
 * The hostile-scratch tests' shared run (issue #10, quota): a chroot
 * scenario with the scratch cap set, hostile CODE planted as the client's
 * `usercustomize.py` (loaded by the client's own borg in the chroot), one
 * backup, and the most the host's state dir held on the server's disk
 * while it ran (the client's mount excluded), polled every 50 ms.
 */
import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Lab, LabHost } from "@pullbak/lab";
import { execa } from "execa";
import { pullbak, scenario, seedBulk, type CliResult, type Scenario } from "./faults.js";

export interface ScratchAttack {
  s: Scenario;
  run: CliResult;
  /** Bytes: the most the host's state dir held during the run. */
  stateDirPeak: number;
}

async function stateDirBytes(s: Scenario): Promise<number> {
  const { stdout } = await execa("du", ["-sb", "--exclude=client", s.stateDir], { reject: false });
  return Number(stdout.split("\t")[0]) || 0;
}

/** Runs archive ARCHIVE of HOST with `options.chroot.scratch` = SCRATCH bytes and CODE planted; the code is removed after. */
export async function scratchAttack(lab: Lab, host: LabHost, name: string, scratch: number, code: URL, archive: string): Promise<ScratchAttack> {
  const s = await scenario(lab, name);
  const config = JSON.parse(await readFile(s.configFile, "utf8")) as { defaults: Record<string, unknown> & { options?: Record<string, unknown> } };
  config.defaults.isolation = "chroot";
  config.defaults.options = { ...config.defaults.options, chroot: { scratch } };
  await writeFile(s.configFile, `${JSON.stringify(config, null, 2)}\n`);
  await seedBulk(host, 1, 1);
  const init = await pullbak(s, "init", host.name);
  if (init.exitCode !== 0) throw new Error(`pullbak init failed: ${init.stderr}`);
  const python = (await execa("python3", ["-c", "import sys; print(f'python{sys.version_info[0]}.{sys.version_info[1]}')"])).stdout;
  const site = join(host.rootDir, "root/.local/lib", python, "site-packages");
  await mkdir(site, { recursive: true });
  await copyFile(code, join(site, "usercustomize.py"));
  let stateDirPeak = 0;
  let done = false;
  const watching = (async () => {
    while (!done) {
      stateDirPeak = Math.max(stateDirPeak, await stateDirBytes(s));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  let run: CliResult;
  try {
    run = await pullbak(s, "run", host.name, "--archive", archive);
  } finally {
    done = true;
    await watching;
    await rm(join(host.rootDir, "root/.local"), { recursive: true, force: true });
  }
  return { s, run, stateDirPeak };
}
