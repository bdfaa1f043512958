import type { CommandRunner, ResolvedHost } from "@pullbak/core";
import type { GlobalOptions, Loaded } from "../session.js";

/** What every doctor check may use. */
export interface DoctorContext {
  host: ResolvedHost;
  loaded: Loaded;
  global: GlobalOptions;
  /** Runs every probe (argv only, fixed environment, stopped on Ctrl-C). */
  commands: CommandRunner;
  /** A fresh 0700 server directory for files fetched from the client; removed afterwards. */
  workDir: string;
}
