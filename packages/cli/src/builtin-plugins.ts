import borg from "@pullbak/archiver-borg";
import healthchecks from "@pullbak/hook-healthchecks";
import prometheus from "@pullbak/hook-prometheus";
import webhook from "@pullbak/hook-webhook";
import chroot from "@pullbak/isolation-chroot";
import none from "@pullbak/isolation-none";
import userdb from "@pullbak/isolation-userdb";
import chrootExtract from "@pullbak/restore-chroot-extract";
import extract from "@pullbak/restore-extract";
import tarRestore from "@pullbak/restore-tar";
import sshfs from "@pullbak/transport-sshfs";
import tarStream from "@pullbak/transport-tar-stream";
import type { PluginManifest } from "@pullbak/core";

/** The defaults the CLI ships with; each is an ordinary plugin package. */
export const builtinPlugins: readonly PluginManifest<any, any>[] = [sshfs, tarStream, chroot, none, userdb, borg, tarRestore, extract, chrootExtract, webhook, healthchecks, prometheus];
