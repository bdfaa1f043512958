/** Yields a secret's bytes; they go to a pipe fd, never argv, env or logs. */
export interface SecretSource {
  /** Where the secret comes from, safe to print (never the secret). */
  readonly describe: string;
  read(): Promise<Uint8Array>;
}
