import type { Runner } from "../contracts/isolation.js";
import type { ClientView } from "../contracts/transport.js";

/**
 * `runner` with the view's `inMountNamespace` applied as the outermost wrap
 * of every command (issue #10: a run's mounts exist only in its own mount
 * namespace, so every command touching the client's files must enter it).
 * A view without one (a transport that mounts in the server's namespace)
 * gets `runner` back unchanged.
 */
export function runnerInView(view: ClientView, runner: Runner): Runner {
  const enter = view.inMountNamespace;
  if (!enter) return runner;
  return {
    get added() {
      return runner.added;
    },
    pathOf: (name) => runner.pathOf(name),
    clientPath: (path) => runner.clientPath(path),
    wrap: (spec) => enter(runner.wrap(spec)),
  };
}

/** Where pullbak's own process reads the view's files (see ClientView.localRoot). */
export function localRootOf(view: ClientView): string | undefined {
  return view.localRoot ?? view.root;
}
