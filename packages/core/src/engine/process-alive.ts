/** Whether a process exists; EPERM means it does, owned by someone else. Used to tell live holders from leftovers of a killed run. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
