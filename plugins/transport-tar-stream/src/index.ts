import { definePlugin, PLUGIN_API_VERSION } from "@pullbak/core";
import { z } from "zod";
import type { TarStreamOptions } from "./tar-line.js";
import { TarStreamTransport } from "./tar-stream-transport.js";

const options = z
  .object({
    /** The client's GNU tar: a program name in the client's PATH, or an absolute client path. */
    tar: z.string().regex(/^[A-Za-z0-9_./+-]+$/, "expected a program name or absolute path").refine((t) => !t.startsWith("-"), { message: "expected a program name or absolute path" }).default("tar"),
    /** GNU tar `--one-file-system`: do not descend into other file systems below a source. */
    oneFileSystem: z.boolean().default(true),
  })
  .strict();

export default definePlugin<"transport", TarStreamOptions>({
  name: "tar-stream",
  kind: "transport",
  apiVersion: PLUGIN_API_VERSION,
  description: "no mount: the client's own tar streams the sources over ssh (a key whose forced command is that tar line) into borg import-tar",
  options,
  provides: ["tar-stream", "client-commands"],
  // The stream needs an archiver that imports tar and an isolation that runs it with no mount of the client.
  requires: { archiver: ["import-tar"], isolation: ["stream-input"] },
  create: (validated) => new TarStreamTransport(validated),
});

export { TarStreamTransport, TAR_STREAM_KEY } from "./tar-stream-transport.js";
export { forcedTarLine, lineFingerprint, tarArgv, type TarStreamOptions } from "./tar-line.js";
export { streamFingerprint } from "./stream-fingerprint.js";
