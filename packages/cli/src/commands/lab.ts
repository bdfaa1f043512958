import { LabError, labDown, labStatus, labUp } from "@pullbak/lab";
import { PullbakError } from "@pullbak/core";
import { invokedAs } from "../invoked-as.js";
import { printResult } from "../output.js";
import { parseCommandArgs } from "../parse-args.js";

export const DEFAULT_LAB_DIR = "/var/lib/pullbak-lab";

/** `lab up [N] | down | status`: disposable client hosts for tests and for trying pullbak out. */
export async function labCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("lab", args, { dir: { type: "string" } });
  const [action, count] = positionals;
  const dir = values.dir ?? DEFAULT_LAB_DIR;
  switch (action) {
    case "up": {
      const n = count === undefined ? 1 : Number(count);
      if (!Number.isInteger(n) || n < 1 || n > 50) throw new PullbakError("USAGE", `lab up: N must be a whole number from 1 to 50, found ${count}`);
      const lab = await labUp({ dir, count: n });
      for (const host of lab.hosts) printResult(`${host.name}  ${host.address}:${host.port}  ${host.hostname}  root tree ${host.rootDir}`);
      const pullbak = invokedAs();
      printResult(`config: ${lab.configFile}\ntry:    ${pullbak} --config ${lab.configFile} init ${lab.hosts[0]?.name} && ${pullbak} --config ${lab.configFile} run ${lab.hosts[0]?.name}`);
      return 0;
    }
    case "down": {
      const { removed } = await labDown({ dir }).catch((error: unknown) => {
        // A dir lab up did not make is the caller's mistake: one line, exit 78, nothing touched.
        if (error instanceof LabError && error.code === "LAB_NOT_A_LAB") throw new PullbakError("USAGE", `lab down: ${error.message}`);
        throw error;
      });
      printResult(removed.length === 0 ? "lab: nothing to remove" : `lab: removed ${removed.join(", ")}`);
      return 0;
    }
    case "status": {
      const hosts = await labStatus({ dir });
      printResult(hosts.map((h) => `${h.name}  ${h.address}:${h.port}  ${h.up ? "up" : "down"}`).join("\n") || "lab: no hosts");
      return 0;
    }
    default:
      throw new PullbakError("USAGE", `lab: expected up, down or status, found ${action ?? "nothing"}`);
  }
}
