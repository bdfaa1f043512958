import type { Need, Runner } from "../contracts/isolation.js";

/** Runs on the server as it is: for repository-only work (init, list, export-tar). */
export function serverRunner(needs: readonly Need[]): Runner {
  const byName = new Map(needs.map((n) => [n.name, n.source]));
  return {
    pathOf(name) {
      const source = byName.get(name);
      if (source === undefined) throw new Error(`no need named ${name}`);
      return source;
    },
    clientPath: (path) => path,
    added: [],
    wrap: (spec) => spec,
  };
}
