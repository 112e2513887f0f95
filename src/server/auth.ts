/**
 * Authentication and function-level authorization for every API route. Each route declares beside itself either
 * `config.permission` (a session with that permission), `config.access: 'session'` (any complete session),
 * `'session-step'` (a session that may still owe a login step) or `'public'`. A route that declares nothing does
 * not start.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../lib/errors.ts';
import type { AuditTrail } from '../modules/audit/audit.service.ts';
import { authRequired, type AuthService, type SessionContext } from '../modules/accounts/auth.service.ts';
import { hasPermission, type Permission } from '../modules/accounts/roles.ts';

export type RouteAccess = 'public' | 'session' | 'session-step';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    permission?: Permission;
  }
  interface FastifyRequest {
    session: SessionContext | null;
  }
}

export const SESSION_COOKIE = 'xf_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function readCookie(request: FastifyRequest, name: string): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

export function sessionCookie(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function installAuth(app: FastifyInstance, auth: AuthService, audit: AuditTrail, apiPrefix: string): void {
  app.decorateRequest('session', null);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith(apiPrefix)) return;
    const config = (route.config ?? {}) as { access?: RouteAccess; permission?: Permission };
    if (!config.access && !config.permission) {
      throw new Error(`route ${route.method} ${route.url} declares neither access nor permission`);
    }
  });

  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config as { access?: RouteAccess; permission?: Permission } | undefined;
    const url = request.routeOptions.url;
    if (!url || !url.startsWith(apiPrefix) || !config || config.access === 'public') return;
    const token = readCookie(request, SESSION_COOKIE);
    if (!token) throw authRequired();
    const ctx = await auth.authenticate(token, request.ip);
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameToken(sent, ctx.session.csrf_token)) {
        await audit.record(audit.db, ctx.actor, {
          action: 'auth.csrf_rejected',
          targetType: 'route',
          targetId: `${request.method} ${url}`,
          orgPath: null,
          outcome: 'failure',
          summary: {},
        });
        throw new AppError(403, 'auth.csrf_invalid', 'The request lacks a valid CSRF token; reload the page');
      }
    }
    request.session = ctx;
    request.actor = ctx.actor;
    if (ctx.session.next_step && config.access !== 'session-step') {
      throw new AppError(403, 'auth.step_required', 'Finish logging in first', { next: ctx.session.next_step });
    }
    if (config.permission && !hasPermission(ctx.roles, config.permission)) {
      await audit.record(audit.db, ctx.actor, {
        action: 'auth.forbidden',
        targetType: 'route',
        targetId: `${request.method} ${url}`,
        orgPath: null,
        outcome: 'failure',
        summary: { permission: config.permission },
      });
      throw new AppError(403, 'auth.forbidden', 'Your role does not allow this', { permission: config.permission });
    }
  });
}

/** The session of a request on a route that requires one. */
export function sessionOf(request: FastifyRequest): SessionContext {
  if (!request.session) throw authRequired();
  return request.session;
}
