export { SshTarget } from "./ssh-target.js";
export { ALIVE_COUNT_MAX, NO_SSH_CONFIG, sshOptions } from "./ssh-options.js";
export { assertSafeAddress, assertSafePath, assertSafeUser, isIpv6 } from "./safe-values.js";
export { remoteWords } from "./remote-words.js";
export { checkIdentityFile, identityFileFor, type IdentityFile } from "./identity-file.js";
