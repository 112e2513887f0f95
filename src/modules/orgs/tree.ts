/**
 * Materialized paths: each org's path is its parent's path plus one fixed-width segment, so that
 * - a subtree is one index range: `path >= p AND path < p + SUBTREE_END`,
 * - the ancestors are the path's prefixes, and
 * - sorting by path lists the tree depth-first.
 * Segments are base-36 (0-9, A-Z), four characters: up to 1,679,615 children under one parent.
 */
export const SEGMENT_WIDTH = 4;
const SEGMENT_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const MAX_SEGMENT = SEGMENT_ALPHABET.length ** SEGMENT_WIDTH - 1;
/** Sorts after every segment character in byte order (SQLite BINARY, PostgreSQL COLLATE "C"). */
export const SUBTREE_END = '~';

export function segment(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > MAX_SEGMENT) throw new RangeError(`segment out of range: ${n}`);
  return n.toString(36).toUpperCase().padStart(SEGMENT_WIDTH, '0');
}

export function childPath(parentPath: string, seq: number): string {
  return parentPath + segment(seq);
}

export function depthOf(path: string): number {
  return path.length / SEGMENT_WIDTH - 1;
}

/** Proper ancestors' paths, root first. */
export function ancestorPaths(path: string): string[] {
  const out: string[] = [];
  for (let end = SEGMENT_WIDTH; end < path.length; end += SEGMENT_WIDTH) out.push(path.slice(0, end));
  return out;
}

export function isInSubtree(path: string, rootPath: string): boolean {
  return path.startsWith(rootPath);
}

/** The half-open range [from, to) of paths in the subtree rooted at `rootPath` (itself included). */
export function subtreeRange(rootPath: string): { from: string; to: string } {
  return { from: rootPath, to: rootPath + SUBTREE_END };
}

/** The new path of `path` when the subtree at `oldRoot` moves to `newRoot`. */
export function rebase(path: string, oldRoot: string, newRoot: string): string {
  if (!path.startsWith(oldRoot)) throw new Error(`${path} is not under ${oldRoot}`);
  return newRoot + path.slice(oldRoot.length);
}
