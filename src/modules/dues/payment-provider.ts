/**
 * Online dues payments arrive with the reference of the payment service that took them. A provider checks that a
 * reference is one it could have issued for this payment; a deployment plugs in its own (a bank's or a party-dues
 * platform's) behind the same interface. The check runs before the ledger transaction, never inside it.
 */
export interface PaymentCheck {
  paidOn: string;
  amountFen: number;
}

export interface PaymentProvider {
  /** Stored with the payment; the external reference is unique per provider. */
  readonly name: string;
  /** The reference in its stored form, or a reason why it is not acceptable. */
  checkReference(reference: string, payment: PaymentCheck): Promise<{ ok: true; reference: string } | { ok: false; reason: string }>;
}

/** Mod-10 (Luhn) check digit of a string of digits. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

const REFERENCE = /^XF(\d{8})(\d{10})(\d)$/;

/**
 * The in-process provider: references look like `XF` + the payment date (YYYYMMDD) + a 10-digit serial + a Luhn
 * check digit over the 18 digits, e.g. XF2026031500000012347. It refuses a malformed reference, a wrong check digit
 * and a reference dated other than the payment.
 */
export class ReferenceFormatProvider implements PaymentProvider {
  readonly name = 'xianfeng-pay';

  static referenceFor(paidOn: string, serial: number): string {
    const digits = paidOn.replaceAll('-', '') + String(serial).padStart(10, '0');
    return `XF${digits}${luhnCheckDigit(digits)}`;
  }

  async checkReference(reference: string, payment: PaymentCheck) {
    const normalized = reference.trim().toUpperCase();
    const m = REFERENCE.exec(normalized);
    if (!m) return { ok: false as const, reason: 'The reference must be XF, the date as YYYYMMDD, a 10-digit serial and a check digit' };
    const [, date, serial, check] = m as unknown as [string, string, string, string];
    if (luhnCheckDigit(date + serial) !== Number(check)) return { ok: false as const, reason: 'The reference’s check digit is wrong' };
    if (date !== payment.paidOn.replaceAll('-', '')) return { ok: false as const, reason: 'The reference is dated other than the payment' };
    return { ok: true as const, reference: normalized };
  }
}
