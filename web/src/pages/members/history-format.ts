/**
 * A member's history rows in words: the action's label, and what changed. An edit lists each field before → after
 * (the server names them by column); other events list what their summary holds. Codes read as their labels.
 */
import { translate, translateOptional } from '../../i18n.ts';
import { formatYuan } from '../pools/money.ts';

export interface ChangeLine {
  key: string;
  label: string;
  before?: string;
  value: string;
}

/** Summary keys that only link records together; they mean nothing to a reader. */
const HIDDEN_KEYS = new Set(['closed', 'toOrgId', 'flowingId', 'reportId', 'registrationId', 'serviceId', 'pairId', 'mentorId', 'menteeId', 'reserveId', 'recordId', 'careId']);

/** Which label set reads a coded value, by the key it is filed under. */
const CODE_SETS: Record<string, string> = {
  status: 'memberStatus',
  sex: 'sex',
  education: 'education',
  household_type: 'household',
  letterType: 'letterType',
  kind: 'historyKind',
};

export function actionLabel(action: string): string {
  return translateOptional(`auditAction.${action}`) ?? action;
}

function fieldLabel(key: string): string {
  return translateOptional(`historyField.${key}`) ?? key;
}

function formatValue(key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return translate(value ? 'common.yes' : 'common.no');
  if (key.startsWith('is_') && (value === 0 || value === 1)) return translate(value === 1 ? 'common.yes' : 'common.no');
  if (key === 'amountFen' && typeof value === 'number') return formatYuan(value);
  if (key === 'minutes' && typeof value === 'number') return translate('community.minutesValue', { minutes: value });
  const set = CODE_SETS[key];
  if (set && typeof value === 'string') return translateOptional(`${set}.${value}`) ?? value;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function isChange(value: unknown): value is { before: unknown; after: unknown } {
  return typeof value === 'object' && value !== null && 'before' in value && 'after' in value;
}

export function changeLines(changes: unknown): ChangeLine[] {
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) return [];
  return Object.entries(changes as Record<string, unknown>)
    .filter(([key]) => !HIDDEN_KEYS.has(key))
    .map(([key, value]) =>
      isChange(value)
        ? { key, label: fieldLabel(key), before: formatValue(key, value.before), value: formatValue(key, value.after) }
        : { key, label: fieldLabel(key), value: formatValue(key, value) },
    );
}
