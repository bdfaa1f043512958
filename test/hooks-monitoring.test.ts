/**
 * The monitoring plugins around real backups of one lab host (issue #13),
 * against real HTTP endpoints on 127.0.0.1: what `webhook`, `healthchecks`
 * and `prometheus` send for a good run and for a failed one, that an endpoint
 * that hangs or refuses costs no more than its timeout and one warning while
 * the backup still succeeds, and that no secret (passphrase, bearer token)
 * is in any request or any output.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadConfig, readRunRecords, recordOutcome, writeRunRecord, type RunRecord } from "@pullbak/core";
import type { Lab } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
// @ts-expect-error: the parser ships no types; it returns [{ name, help, type, metrics: [{ value, labels }] }].
import parsePrometheus from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRecorder, type Recorder } from "./support/http-recorder.js";
import { pullbak, type CliResult } from "./support/pullbak.js";

const env = useLab(1);

interface Family {
  name: string;
  help: string;
  type: string;
  metrics: { value: string; labels?: Record<string, string> }[];
}

/** One sample's value, found by metric name and labels. */
function sample(families: Family[], name: string, labels: Record<string, string>): number | undefined {
  const family = families.find((f) => f.name === name);
  const metric = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return metric === undefined ? undefined : Number(metric.value);
}

describe("monitoring hooks", () => {
  let lab: Lab;
  let endpoint: Recorder;
  let hanging: Recorder;
  let passphrase: string;
  const token = `tok-${Math.random().toString(36).slice(2)}-secret`;
  const outputs: CliResult[] = [];
  let promFile: string;
  let closedPort: string;
  let stateDir: string;
  let configs: { good: string; failed: string; unreachable: string };
  let good: { result: CliResult; record: RunRecord; requests: Recorder["received"] };

  const run = async (config: string): Promise<CliResult> => {
    const result = await pullbak(["--config", config, "run", "lab1"]);
    outputs.push(result);
    return result;
  };

  beforeAll(async () => {
    lab = env.lab;
    endpoint = await startRecorder();
    hanging = await startRecorder({ silent: true });
    const closed = await startRecorder();
    closedPort = closed.url;
    await closed.close();
    passphrase = (await readFile(lab.passphraseFile, "utf8")).trim();
    const tokenFile = join(lab.dir, "webhook-token");
    await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
    promFile = join(lab.dir, "textfile", "pullbak.prom");
    await mkdir(join(lab.dir, "textfile"));
    const { config } = await loadConfig(lab.configFile);
    stateDir = config.stateDir!;
    const write = async (name: string, options: Record<string, unknown>, commands: Record<string, unknown> = {}) => {
      const file = join(lab.dir, `${name}.yaml`);
      const defaults = { ...config.defaults, sources: ["/srv/data"], hooks: ["webhook", "healthchecks", "prometheus"], options };
      const lab1 = { ...config.hosts.lab1, commands };
      await writeFile(file, JSON.stringify({ ...config, defaults, hosts: { lab1 } }));
      return file;
    };
    const reachable = {
      webhook: { url: `${endpoint.url}/hook`, headers: { "X-Pullbak-Test": "yes" }, bearerTokenFile: tokenFile, timeout: "5s", retries: 1 },
      healthchecks: { baseUrl: `${endpoint.url}/ping/key123`, timeout: "5s" },
      prometheus: { file: promFile },
    };
    configs = {
      good: await write("good", reachable),
      // The host fails: its `before` command says why on stderr, which lands in the log.
      failed: await write("failed", reachable, { before: [["sh", "-c", "echo cannot quiesce the database >&2; exit 1"]] }),
      unreachable: await write("unreachable", {
        webhook: { url: `${hanging.url}/hook`, bearerTokenFile: tokenFile, timeout: "2s", retries: 3 },
            // A loopback port nothing listens on: the connection is refused at once.
        healthchecks: { url: `${closedPort}/ping/uuid-1`, timeout: "2s", retries: 2 },
        prometheus: { file: promFile },
      }),
    };
    // Another host of the fleet wrote its record earlier: the file must keep it.
    await writeRunRecord(join(stateDir, "hosts", "other"), recordOutcome({ host: "other", action: "backup", start: new Date(Date.now() - 60_000), stats: { files: 3, originalBytes: 300, deduplicatedBytes: 30 }, archive: "other-1" }));
    const init = await pullbak(["--config", lab.configFile, "init", "lab1"]);
    expect(init.exitCode, init.stderr).toBe(0);

    const result = await run(configs.good);
    expect(result.exitCode, result.stderr).toBe(0);
    const record = (await readRunRecords(join(stateDir, "hosts", "lab1"))).at(-1)!;
    good = { result, record, requests: [...endpoint.received] };
  });

  afterAll(async () => {
    await endpoint?.close();
    await hanging?.close();
  });

  it("good run: webhook POSTs the run record with the bearer token, healthchecks pings start then success with one run id", () => {
    const hooks = good.requests.filter((r) => r.url === "/hook");
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({ method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "x-pullbak-test": "yes" } });
    expect(JSON.parse(hooks[0]!.body)).toEqual(good.record);
    expect(good.record).toMatchObject({ host: "lab1", action: "backup", result: "ok", exitCode: 0 });

    const pings = good.requests.filter((r) => r.url.startsWith("/ping/"));
    expect(pings.map((p) => new URL(p.url, endpoint.url).pathname)).toEqual(["/ping/key123/lab1/start", "/ping/key123/lab1"]);
    const rids = pings.map((p) => new URL(p.url, endpoint.url).searchParams.get("rid"));
    expect(rids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(rids[1]).toBe(rids[0]);
    expect(pings[1]!.body).toContain("pullbak backup of lab1: ok (exit 0)");
    expect(pings[1]!.body).toContain(`archive: ${good.record.archive}`);
    // The start ping comes before the backup, the end after it.
    expect(pings[0]!.at).toBeLessThan(Date.parse(good.record.end));
  });

  it("good run: the textfile holds every host's metrics with HELP and TYPE, read back by a parser", async () => {
    const families = parsePrometheus(await readFile(promFile, "utf8")) as Family[];
    for (const family of families) {
      expect(family.type).toBe("GAUGE");
      expect(family.help.length).toBeGreaterThan(10);
    }
    const lab1 = { host: "lab1" };
    expect(sample(families, "pullbak_last_success_timestamp_seconds", lab1)).toBe(Date.parse(good.record.end) / 1000);
    expect(sample(families, "pullbak_last_run_timestamp_seconds", lab1)).toBe(Date.parse(good.record.end) / 1000);
    expect(sample(families, "pullbak_last_run_duration_seconds", lab1)).toBe(good.record.durationSeconds);
    expect(sample(families, "pullbak_last_run_exit_code", lab1)).toBe(0);
    expect(sample(families, "pullbak_last_run_result", { host: "lab1", result: "ok" })).toBe(1);
    expect(sample(families, "pullbak_last_run_result", { host: "lab1", result: "failed" })).toBe(0);
    expect(sample(families, "pullbak_last_archive_files", lab1)).toBe(good.record.stats!.files);
    expect(sample(families, "pullbak_last_archive_original_bytes", lab1)).toBe(good.record.stats!.originalBytes);
    expect(sample(families, "pullbak_last_archive_deduplicated_bytes", lab1)).toBe(good.record.stats!.deduplicatedBytes);
    expect(good.record.stats!.originalBytes).toBeGreaterThan(0);
    expect(sample(families, "pullbak_last_archive_original_bytes", { host: "other" })).toBe(300);
    expect(sample(families, "pullbak_last_run_result", { host: "other", result: "ok" })).toBe(1);
  });

  it("failed host: webhook sends the failed record, healthchecks a fail ping with the log, prometheus keeps the last success", async () => {
    const from = endpoint.received.length;
    const result = await run(configs.failed);
    expect(result.exitCode).toBe(2);
    const requests = endpoint.received.slice(from);
    const record = (await readRunRecords(join(stateDir, "hosts", "lab1"))).at(-1)!;
    expect(record).toMatchObject({ result: "failed", exitCode: 2 });

    const hook = requests.find((r) => r.url === "/hook")!;
    expect(JSON.parse(hook.body)).toEqual(record);
    const pings = requests.filter((r) => r.url.startsWith("/ping/"));
    expect(pings.map((p) => new URL(p.url, endpoint.url).pathname)).toEqual(["/ping/key123/lab1/start", "/ping/key123/lab1/fail"]);
    const body = pings[1]!.body;
    expect(body).toContain("pullbak backup of lab1: failed (exit 2)");
    expect(body).toContain(`error ${record.error!.code}: ${record.error!.message}`);
    expect(body).toMatch(/last \d+ log lines:/);
    expect(body).toContain("before[0]: cannot quiesce the database");

    const families = parsePrometheus(await readFile(promFile, "utf8")) as Family[];
    const lab1 = { host: "lab1" };
    expect(sample(families, "pullbak_last_run_result", { host: "lab1", result: "failed" })).toBe(1);
    expect(sample(families, "pullbak_last_run_result", { host: "lab1", result: "ok" })).toBe(0);
    expect(sample(families, "pullbak_last_run_exit_code", lab1)).toBe(2);
    expect(sample(families, "pullbak_last_run_timestamp_seconds", lab1)).toBe(Date.parse(record.end) / 1000);
    expect(sample(families, "pullbak_last_success_timestamp_seconds", lab1)).toBe(Date.parse(good.record.end) / 1000);
    expect(sample(families, "pullbak_last_archive_original_bytes", lab1)).toBe(good.record.stats!.originalBytes);
    expect(sample(families, "pullbak_last_archive_original_bytes", { host: "other" })).toBe(300);
  });

  it("unreachable endpoints: the backup succeeds, each says so once, and waiting stops at the timeout", async () => {
    const result = await run(configs.unreachable);
    const finished = Date.now();
    expect(result.exitCode, result.stderr).toBe(0);
    const warnings = result.stderr.split("\n").filter((l) => l.includes("warning:"));
    expect(warnings.filter((l) => l.includes("webhook"))).toEqual([`lab1: warning: webhook ${hanging.url}: the run record was not delivered: no answer within 2s after 1 attempt`]);
    expect(warnings.filter((l) => l.includes("healthchecks"))).toHaveLength(1);
    // Refused at once, retried after 0.5 s and 1 s: 3 attempts, unless the 2 s ran out first on a busy machine.
    expect(warnings.find((l) => l.includes("healthchecks"))).toMatch(new RegExp(`healthchecks ${closedPort}: the start ping was not delivered: ECONNREFUSED after [23] attempts$`));
    // The hanging endpoint got its request; pullbak gave up on it after its 2 s and went on.
    expect(hanging.received).toHaveLength(1);
    expect(finished - hanging.connections[0]!).toBeLessThan(2_000 + 4_000);
    const record = (await readRunRecords(join(stateDir, "hosts", "lab1"))).at(-1)!;
    expect(record.result).toBe("ok");
    const families = parsePrometheus(await readFile(promFile, "utf8")) as Family[];
    expect(sample(families, "pullbak_last_success_timestamp_seconds", { host: "lab1" })).toBe(Date.parse(record.end) / 1000);
  });

  it("no secret in any request or any output", () => {
    const requests = [...endpoint.received, ...hanging.received];
    expect(requests.length).toBeGreaterThan(5);
    for (const request of requests) {
      const { authorization, ...headers } = request.headers;
      const text = `${request.method} ${request.url}\n${JSON.stringify(headers)}\n${request.body}`;
      expect(text).not.toContain(passphrase);
      expect(text).not.toContain(token);
      if (request.url === "/hook") expect(authorization).toBe(`Bearer ${token}`);
      else expect(authorization).toBeUndefined();
    }
    for (const output of outputs) {
      expect(output.stdout + output.stderr).not.toContain(passphrase);
      expect(output.stdout + output.stderr).not.toContain(token);
      // The ping URL's key and path stay out of messages too.
      expect(output.stderr).not.toContain("key123");
    }
  });
});
