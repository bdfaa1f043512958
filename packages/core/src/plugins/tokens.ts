import type { InjectionToken } from "tsyringe";
import type { Archiver } from "../contracts/archiver.js";
import type { Hook } from "../contracts/hook.js";
import type { Isolation } from "../contracts/isolation.js";
import type { Restorer } from "../contracts/restorer.js";
import type { Transport } from "../contracts/transport.js";
import type { ResolvedHost } from "../config/resolve-host.js";

/**
 * Injection tokens. esbuild and vitest emit no decorator metadata, so every
 * interface is registered and resolved by token, never by emitted type.
 */
export const TRANSPORT: InjectionToken<Transport> = Symbol("pullbak.Transport");
export const ISOLATION: InjectionToken<Isolation> = Symbol("pullbak.Isolation");
export const ARCHIVER: InjectionToken<Archiver> = Symbol("pullbak.Archiver");
export const RESTORER: InjectionToken<Restorer> = Symbol("pullbak.Restorer");
export const HOOKS: InjectionToken<Hook[]> = Symbol("pullbak.Hooks");
export const HOST: InjectionToken<ResolvedHost> = Symbol("pullbak.Host");
