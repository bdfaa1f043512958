/**
 * A client path as borg stores it: `/etc/hosts` is `etc/hosts` (borg strips
 * the leading slash when it creates), `/` is `.`. A user names client paths
 * the way the client does.
 */
export function archivedPath(clientPath: string): string {
  return clientPath.replace(/^\/+/, "") || ".";
}
