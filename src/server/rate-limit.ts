/**
 * Fixed-window rate limits per source address (and per account once known) for routes that declare
 * `config.rateLimit`. In memory: one process serves one installation; behind several processes, put the limit in
 * the reverse proxy as well.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../lib/errors.ts';

export interface RateLimit {
  max: number;
  windowMs: number;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    rateLimit?: RateLimit;
  }
}

export function installRateLimit(app: FastifyInstance, now: () => number = Date.now): void {
  const windows = new Map<string, { start: number; count: number }>();
  app.addHook('preHandler', async (request, reply) => {
    const limit = (request.routeOptions.config as { rateLimit?: RateLimit } | undefined)?.rateLimit;
    if (!limit) return;
    const who = request.actor?.accountId ?? request.ip;
    const key = `${request.routeOptions.url}|${who}`;
    const t = now();
    const w = windows.get(key);
    if (!w || t - w.start >= limit.windowMs) {
      if (windows.size > 50_000) windows.clear();
      windows.set(key, { start: t, count: 1 });
      return;
    }
    w.count += 1;
    if (w.count > limit.max) {
      const retryAfterSeconds = Math.ceil((w.start + limit.windowMs - t) / 1000);
      reply.header('retry-after', String(retryAfterSeconds));
      throw new AppError(429, 'request.rate_limited', 'Too many requests; slow down', { retryAfterSeconds });
    }
  });
}
