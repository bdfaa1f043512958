/**
 * @pullbak/lab: disposable client hosts for pullbak's end-to-end tests and
 * demos. Each host has its own network namespace and address, its own root
 * tree with its own users and hostname, and a real sshd configured the way
 * pullbak's docs ask clients to be. See docs/lab.md.
 */
export { labUp } from "./lab-up.js";
export { labDown } from "./lab-down.js";
export { labStatus } from "./lab-status.js";
export { startSshd, stopSshd } from "./sshd-control.js";
export { seed, seedEntries, seedPathBytes, type SeedEntry, type SeedEntryName } from "./seed-data.js";
export { clientGroups, clientUsers, type ClientGroup, type ClientUser } from "./client-accounts.js";
export { FORCED_COMMANDS } from "./authorized-keys.js";
export { LabError, type LabErrorCode } from "./lab-error.js";
export type { Lab, LabHost, LabHostStatus } from "./lab-types.js";
