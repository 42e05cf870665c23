/** The name filters of the host metrics (disks, interfaces, mount points, filesystem types) and their defaults. */

/** Include/exclude filter of names; `exclude: null` disables a default exclude. */
export interface NameFilter {
  /** Only names matching it are kept (default: all). */
  include?: RegExp | null;
  /** Names matching it are dropped (applied after include). */
  exclude?: RegExp | null;
}

export { DEFAULT_DISK_EXCLUDE } from '../../sources/proc-diskstats';
/** node_exporter's default mount-point exclude. */
export const DEFAULT_MOUNT_POINT_EXCLUDE =
  /^\/(dev|proc|run\/credentials\/.+|sys|var\/lib\/docker\/.+|var\/lib\/containers\/storage\/.+)($|\/)/;
/** node_exporter's default filesystem-type exclude. */
export const DEFAULT_FS_TYPE_EXCLUDE =
  /^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|erofs|sysfs|tracefs)$/;

/** Whether `name` passes the filter. */
export function keep(name: string, f: NameFilter): boolean {
  if (f.include && !matches(f.include, name)) return false;
  if (f.exclude && matches(f.exclude, name)) return false;
  return true;
}

function matches(re: RegExp, s: string): boolean {
  re.lastIndex = 0; // a /g or /y RegExp keeps state between test() calls
  return re.test(s);
}
