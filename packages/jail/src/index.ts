export { CLIENT_IN_JAIL, enterJail, JAIL_SCRIPT, JailRunner, type JailEtc, type JailOptions } from "./jail-runner.js";
export { jailClientPath } from "./client-path.js";
