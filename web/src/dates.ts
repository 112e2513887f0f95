/** Calendar dates travel as ISO `YYYY-MM-DD` text; antd pickers work on dayjs values. */
import dayjs, { type Dayjs } from 'dayjs';
import 'dayjs/locale/zh-cn.js';
import { getLanguage, onLanguageChange } from './i18n.ts';

const DATE_FORMAT = 'YYYY-MM-DD';

export function formatIsoDate(value: Dayjs): string {
  return value.format(DATE_FORMAT);
}

export function toIsoDate(value: Dayjs | null | undefined): string | null {
  return value ? formatIsoDate(value) : null;
}

export function fromIsoDate(value: string | null | undefined): Dayjs | null {
  return value ? dayjs(value, DATE_FORMAT) : null;
}

export function today(): Dayjs {
  return dayjs();
}

// Month and weekday names in the date pickers follow the UI language.
const syncLocale = () => dayjs.locale(getLanguage() === 'en' ? 'en' : 'zh-cn');
syncLocale();
onLanguageChange(syncLocale);

/** A UTC timestamp from the API in the browser's own time zone, to the second. */
export function formatDateTime(iso: string): string {
  return dayjs(iso).format('YYYY-MM-DD HH:mm:ss');
}
