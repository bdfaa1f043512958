/**
 * One known_hosts line for a lab host. Entries are keyed by address (lab
 * hosts have no DNS names) and use ssh's `[address]:port` form when the port
 * is not 22, or ssh would not match them.
 */
export function knownHostsLine(address: string, port: number, hostPublicKey: string): string {
  const [type, key] = hostPublicKey.trim().split(/\s+/);
  if (!type || !key) throw new Error(`not a public key line: ${JSON.stringify(hostPublicKey)}`);
  const pattern = port === 22 ? address : `[${address}]:${port}`;
  return `${pattern} ${type} ${key}\n`;
}
