/** Money travels in fen (分); people read and type yuan (元) with two decimals. */
const YUAN = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** 123456 → ¥1,234.56 */
export function formatYuan(fen: number): string {
  return `¥${YUAN.format(fen / 100)}`;
}

/** 12.3 → 1230 */
export function yuanToFen(yuan: number): number {
  return Math.round(yuan * 100);
}
