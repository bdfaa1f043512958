import type { CommandSpec } from "@pullbak/core";

/** borg subcommands that record or apply owner names. */
const NAMING_SUBCOMMANDS = new Set(["create", "extract"]);

/**
 * On the server, uid 33 is www-data and uid 1000 is whoever the server's
 * first user is: names looked up here would be the server's, and a restore
 * would map them to the wrong accounts on the client. So borg stores (and
 * restores) numeric ids only, whatever its caller asked for.
 */
export function withNumericIds(spec: CommandSpec, borg: string): CommandSpec {
  const [program, subcommand, ...rest] = spec.argv;
  if (program === undefined || subcommand === undefined) return spec;
  const isBorg = program === borg || program.endsWith("/borg");
  if (!isBorg || !NAMING_SUBCOMMANDS.has(subcommand) || rest.includes("--numeric-ids") || rest.includes("--numeric-owner")) return spec;
  return { ...spec, argv: [program, subcommand, "--numeric-ids", ...rest] };
}
