import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** One request as the endpoint received it. */
export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/**
 * A real HTTP endpoint on 127.0.0.1 that records every request: `respond`
 * says what to answer, `silent` accepts connections and never answers (an
 * endpoint that hangs). Close it with `close()`.
 */
export interface Recorder {
  url: string;
  received: Received[];
  /** Times at which a TCP connection came in. */
  connections: number[];
  close(): Promise<void>;
}

export async function startRecorder(options: { silent?: boolean; status?: number } = {}): Promise<Recorder> {
  const received: Received[] = [];
  const connections: number[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
      if (options.silent) return;
      response.writeHead(options.status ?? 200, { "content-type": "text/plain" });
      response.end("OK");
    });
  });
  server.on("connection", (socket) => {
    connections.push(Date.now());
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
