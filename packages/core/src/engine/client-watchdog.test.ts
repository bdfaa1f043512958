import { describe, expect, it } from "vitest";
import type { ResolvedHost } from "../config/resolve-host.js";
import type { PullbakError } from "../errors.js";
import { ClientWatchdog, watchdogTiming } from "./client-watchdog.js";
import type { ProbeResult } from "./mount-probe.js";

const host = { name: "web1", address: "192.0.2.10", ssh: { port: 2222, aliveInterval: 15 } } as ResolvedHost;
const timing = { intervalMs: 5, silenceMs: 40 };
const answered: ProbeResult = { ok: true };
const silent: ProbeResult = { ok: false, timedOut: true, why: "no answer within 45 s" };
const failing: ProbeResult = { ok: false, timedOut: false, why: "Input/output error" };

/** A probe that answers from a script, then keeps giving the script's last answer. */
function scripted(...answers: ProbeResult[]) {
  let calls = 0;
  return {
    probe: async () => answers[Math.min(calls++, answers.length - 1)]!,
    get calls() {
      return calls;
    },
  };
}

function until(condition: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => (condition() ? resolve() : Date.now() > deadline ? reject(new Error("timed out")) : setTimeout(tick, 2));
    tick();
  });
}

describe("the client watchdog", () => {
  it("takes ssh's rule for a dead link: a probe every aliveInterval, lost after 3 silent ones", () => {
    expect(watchdogTiming(host)).toEqual({ intervalMs: 15_000, silenceMs: 45_000 });
  });

  it("declares the client lost once, naming the host and its address, when a probe goes unanswered", async () => {
    const reasons: PullbakError[] = [];
    const script = scripted(answered, answered, silent);
    const dog = new ClientWatchdog({ host, root: "/state/hosts/web1/client" }, timing, script.probe, (reason) => void reasons.push(reason));
    dog.start();
    await until(() => reasons.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatchObject({
      code: "CLIENT_UNREACHABLE",
      message: "host web1: lost the client 192.0.2.10 (port 2222): its files mounted at /state/hosts/web1/client stopped answering (no answer within 45 s)",
    });
    expect(dog.lost).toBe(reasons[0]);
    expect(script.calls).toBe(3);
  });

  it("forgives a failure the next probe contradicts (sshfs reconnected)", async () => {
    const reasons: PullbakError[] = [];
    const dog = new ClientWatchdog({ host, root: "/m" }, timing, scripted(failing, answered, failing, answered).probe, (reason) => void reasons.push(reason));
    dog.start();
    await new Promise((resolve) => setTimeout(resolve, 60));
    dog.stop();
    expect(reasons).toEqual([]);
  });

  it("declares failures that last as long as the silence allowed", async () => {
    const reasons: PullbakError[] = [];
    const dog = new ClientWatchdog({ host, root: "/m" }, timing, scripted(failing).probe, (reason) => void reasons.push(reason));
    dog.start();
    await until(() => reasons.length > 0);
    expect(reasons[0]!.message).toContain('stopped answering (they fail with "Input/output error")');
  });

  it("asks once more when the work failed before it decided", async () => {
    const alive = new ClientWatchdog({ host, root: "/m" }, timing, scripted(answered).probe, () => {});
    expect(await alive.confirmLost()).toBeUndefined();
    let told = 0;
    const gone = new ClientWatchdog({ host, root: "/m" }, timing, scripted(failing).probe, () => void told++);
    expect(await gone.confirmLost()).toMatchObject({ code: "CLIENT_UNREACHABLE" });
    expect(await gone.confirmLost()).toBe(gone.lost);
    expect(told).toBe(1);
  });

  it("probes nothing once stopped", async () => {
    const script = scripted(answered);
    const dog = new ClientWatchdog({ host, root: "/m" }, timing, script.probe, () => {});
    dog.start();
    await until(() => script.calls >= 2);
    dog.stop();
    const calls = script.calls;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(script.calls).toBeLessThanOrEqual(calls + 1);
  });
});
