import { Writable } from "node:stream";
import { escapeControl, type CommandRunner, type ResolvedHost, type TransportKeyCheck } from "@pullbak/core";
import type { SshTarget } from "@pullbak/ssh";
import { streamFingerprint } from "./stream-fingerprint.js";

/** Bytes read from the stream before giving up on finding the fingerprint. */
const HEAD_BYTES = 64 * 1024;

/**
 * Logs in with the tar-stream key, reads the head of the stream the client's
 * forced command writes, and stops it: the first header carries the line's
 * fingerprint (tar-line.ts). The client cannot be asked what its
 * authorized_keys say, but its line says what it is each time it runs.
 * Bounded: ssh's ConnectTimeout plus 20 s for tar to write its first block.
 */
export async function checkClientLine(host: ResolvedHost, commands: CommandRunner, target: SshTarget, expected: string): Promise<TransportKeyCheck> {
  const id = "tar-stream-line";
  const title = "tar-stream key and line";
  const stop = new AbortController();
  const chunks: Buffer[] = [];
  let size = 0;
  let found: string | undefined | "short" = "short";
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (found === "short") {
        chunks.push(chunk);
        size += chunk.length;
        found = streamFingerprint(Buffer.concat(chunks));
        if (found !== "short" || size >= HEAD_BYTES) stop.abort();
      }
      done();
    },
  });
  const timer = setTimeout(() => stop.abort(), (host.ssh.connectTimeout + 20) * 1000);
  const result = await commands.run({ argv: target.sshArgv([], []) }, { probe: true, stdout: sink, signal: stop.signal }).finally(() => clearTimeout(timer));
  const setup = `run pullbak setup-client ${host.name} and put its tar-stream line in the client's /root/.ssh/authorized_keys in place of the old one`;
  if (size === 0) {
    const said = escapeControl(result.stderr.trim().split("\n").at(-1) ?? "") || `exit ${result.exitCode}`;
    return { id, title, ok: false, detail: `the tar-stream key wrote no stream (${said})`, fix: setup };
  }
  if (found === "short" || found === undefined) {
    return { id, title, ok: false, detail: "the key's forced command writes no tar stream of pullbak's (its first header carries no pullbak.tarline fingerprint)", fix: setup };
  }
  if (found !== expected) {
    return { id, title, ok: false, detail: `the client's tar line (fingerprint ${found}) is not the one the config makes now (${expected}): sources, excludes or options changed`, fix: setup };
  }
  return { id, title, ok: true, detail: `the client's forced tar line matches the config (fingerprint ${expected})` };
}
