import * as fs from 'fs';
import * as path from 'path';

export interface TreeBytesOptions {
  /**
   * Count a path that does not exist (or vanishes while the tree is walked, as a folder being written
   * or pruned can) as 0 bytes instead of throwing.
   * @default false
   */
  readonly missingIsEmpty?: boolean;
}

/**
 * Total size of the files under `p` (or of `p` itself when it is a file). Symbolic links count as the
 * link, never followed, so a link cannot loop the walk or count a tree twice.
 */
export function treeBytes(p: string, o: TreeBytesOptions = {}): number {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(p);
  } catch (e) {
    if (o.missingIsEmpty && (e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw e;
  }
  if (!st.isDirectory()) return st.size;
  let entries: string[];
  try {
    entries = fs.readdirSync(p);
  } catch (e) {
    if (o.missingIsEmpty && (e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw e;
  }
  let n = 0;
  for (const name of entries) n += treeBytes(path.join(p, name), o);
  return n;
}
