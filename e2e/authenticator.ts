/**
 * The phone app of a test user: TOTP codes from the server's own implementation, each time step used once, as
 * the server demands. When the next unused step lies beyond the server's one-step drift window, it waits.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { TOTP_STEP_SECONDS, totp, totpStep } from '../src/lib/totp.ts';

const STEP_MS = TOTP_STEP_SECONDS * 1000;

export class Authenticator {
  private lastStep = -1;

  constructor(readonly secret: string) {}

  async nextCode(): Promise<string> {
    const now = Date.now();
    const current = totpStep(now);
    const step = Math.max(current, this.lastStep + 1);
    // The server accepts the step after the current one; anything later must wait until it is that.
    if (step > current + 1) await sleep((step - 1) * STEP_MS - now + 200);
    this.lastStep = step;
    return totp(this.secret, step * STEP_MS);
  }
}
