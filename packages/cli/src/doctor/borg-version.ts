/** `borg --version` prints `borg 1.2.4`. */
export function versionFromBorgOutput(output: string): string | undefined {
  return /^borg(?:\.exe)?\s+(\d+\.\d+\S*)/m.exec(output.trim())?.[1];
}

/** borg's `_version.py`: `__version__ = version = '1.2.4'` (setuptools_scm writes it). */
export function versionFromVersionPy(text: string): string | undefined {
  return /^(?:__version__\s*=\s*)?version\s*=\s*['"](\d+\.\d+[^'"]*)['"]/m.exec(text)?.[1];
}

/** A setuptools entry script pins its distribution: `__requires__ = 'borgbackup==1.2.4'`. */
export function versionFromEntryScript(text: string): string | undefined {
  return /borgbackup==(\d+\.\d+[A-Za-z0-9.+-]*)/.exec(text)?.[1];
}

/** The interpreter a script names on its `#!` line, when it is an absolute path. */
export function shebangInterpreter(text: string): string | undefined {
  return /^#!\s*(\/\S+)/.exec(text)?.[1];
}

export function majorOf(version: string): number {
  return Number(version.split(".")[0]);
}
