import { describe, expect, test } from 'vitest';
import { ancestorPaths, childPath, depthOf, MAX_SEGMENT, rebase, segment, subtreeRange } from './tree.ts';

describe('materialized path segments', () => {
  test.each([
    [1, '0001'],
    [35, '000Z'],
    [36, '0010'],
    [MAX_SEGMENT, 'ZZZZ'],
  ])('segment(%i) = %s', (n, expected) => {
    expect(segment(n)).toBe(expected);
  });

  test.each([0, -1, 1.5, MAX_SEGMENT + 1])('segment(%s) is refused', (n) => {
    expect(() => segment(n)).toThrow(RangeError);
  });

  test('segments sort in number order, so children list in creation order', () => {
    const segs = [1, 9, 10, 35, 36, 100, 1295, 1296].map(segment);
    expect([...segs].sort()).toEqual(segs);
  });
});

describe('paths', () => {
  const root = childPath('', 1);
  const county = childPath(root, 2);
  const branch = childPath(county, 40);

  test('depth follows the number of segments', () => {
    expect([depthOf(root), depthOf(county), depthOf(branch)]).toEqual([0, 1, 2]);
  });

  test('ancestors are the proper prefixes, root first', () => {
    expect(ancestorPaths(branch)).toEqual([root, county]);
    expect(ancestorPaths(root)).toEqual([]);
  });

  test('the subtree range holds descendants and excludes siblings', () => {
    const { from, to } = subtreeRange(county);
    const sibling = childPath(root, 3);
    expect(branch >= from && branch < to).toBe(true);
    expect(county >= from && county < to).toBe(true);
    expect(sibling >= from && sibling < to).toBe(false);
  });

  test('rebase moves a path from one root to another', () => {
    const newCounty = childPath(childPath(root, 7), 1);
    expect(rebase(branch, county, newCounty)).toBe(newCounty + branch.slice(county.length));
    expect(() => rebase(root, county, newCounty)).toThrow();
  });
});
