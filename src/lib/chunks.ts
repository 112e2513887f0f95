/** Splits a list into slices of at most `size`: large IN lists and multi-row inserts stay under the drivers' limits on bound parameters. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
