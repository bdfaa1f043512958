import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { endpointOf, sendNotice } from "./send-notice.js";

const servers: Server[] = [];

/** A real endpoint on 127.0.0.1 answering each request with the next status (null: never answer). */
async function endpoint(statuses: (number | null)[], headers: Record<string, string> = {}): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const server = createServer((request, response) => {
    const status = statuses[Math.min(hits++, statuses.length - 1)];
    request.resume();
    if (status === null) return;
    response.writeHead(status, headers).end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ping/secret-key`, hits: () => hits };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe("sendNotice", () => {
  it("retries a 503 and succeeds", async () => {
    const target = await endpoint([503, 200]);
    expect(await sendNotice({ url: target.url, body: "x", timeoutSeconds: 5, retries: 2 })).toEqual({ ok: true, status: 200, attempts: 2 });
  });

  it("does not retry a 404", async () => {
    const target = await endpoint([404]);
    expect(await sendNotice({ url: target.url, timeoutSeconds: 5, retries: 3 })).toEqual({ ok: false, reason: "HTTP 404", attempts: 1 });
    expect(target.hits()).toBe(1);
  });

  it("gives up on an endpoint that never answers at its timeout, for all attempts together", async () => {
    const target = await endpoint([null]);
    const started = Date.now();
    const outcome = await sendNotice({ url: target.url, timeoutSeconds: 0.5, retries: 5 });
    // Far below the 7.5 s five retries with backoff would take; slack for a busy machine.
    expect(Date.now() - started).toBeLessThan(3000);
    expect(outcome).toEqual({ ok: false, reason: "no answer within 0.5s after 1 attempt", attempts: 1 });
  });

  it("refuses to follow a redirect (a token must not travel to another host)", async () => {
    const target = await endpoint([302], { location: "http://192.0.2.1/" });
    const outcome = await sendNotice({ url: target.url, headers: { authorization: "Bearer t" }, timeoutSeconds: 2, retries: 0 });
    expect(outcome.ok).toBe(false);
    expect(target.hits()).toBe(1);
  });

  it("names an endpoint by scheme, host and port only", () => {
    expect(endpointOf("https://hc-ping.com/ping-key/web1?create=1")).toBe("https://hc-ping.com");
    expect(endpointOf("not a url")).toBe("(invalid URL)");
  });
});
