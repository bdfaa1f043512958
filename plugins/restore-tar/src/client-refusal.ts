/**
 * What the client's sshd or login shell says when the tar key does not run
 * tar (issue 15). Both arrive on the session's *stdout*, with exit 1, and
 * nothing on stderr:
 * - OpenSSH's sshd answers an exec request on a key pinned to
 *   `internal-sftp` with "This service allows sftp connections only."
 *   (session.c, SUBSYSTEM_INT_SFTP_ERROR);
 * - sshd runs every other forced command through the user's login shell
 *   (`$SHELL -c COMMAND`), so with root's shell set to nologin, util-linux
 *   nologin prints "This account is currently not available." (or the text
 *   of the client's /etc/nologin.txt).
 */
export function clientRefusalHint(message: string, keyFile: string, hostName: string): string | undefined {
  if (/allows sftp connections only/i.test(message)) {
    return `the key ${keyFile} is pinned to internal-sftp on the client, not to tar: put the tar line of pullbak setup-client ${hostName} --authorized-keys in the client's authorized_keys, or point ssh.keys.tar at the tar key`;
  }
  if (/account is (currently )?not available|nologin/i.test(message)) {
    return `root's login shell on the client is nologin (or false), and sshd runs the forced tar through it: give root a shell (usermod -s /bin/sh root on the client; with PermitRootLogin forced-commands-only it still gets no interactive login)`;
  }
  return undefined;
}
