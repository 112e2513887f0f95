/** Login, the caller's own account, account and role administration, sessions, the security policy. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParams } from '../../lib/schema.ts';
import { clearedSessionCookie, sessionCookie, sessionOf } from '../../server/auth.ts';
import type { AccountService } from './accounts.service.ts';
import * as s from './accounts.schema.ts';
import type { AuthService } from './auth.service.ts';
import { permissionsOf } from './roles.ts';

export interface AccountRoutesOptions {
  auth: AuthService;
  accounts: AccountService;
}

const authErrors = { ...errorResponses, 401: errorResponses[400], 403: errorResponses[400], 423: errorResponses[400] };
const secure = (request: FastifyRequest) => request.protocol === 'https';
const userAgent = (request: FastifyRequest) => request.headers['user-agent'] ?? null;

function setSession(reply: FastifyReply, request: FastifyRequest, token: string) {
  reply.header('set-cookie', sessionCookie(token, secure(request)));
}

export const accountRoutes: FastifyPluginAsyncZod<AccountRoutesOptions> = async (app, { auth, accounts }) => {
  const tags = ['auth'];

  app.post(
    '/auth/login',
    {
      config: { access: 'public', rateLimit: { max: 30, windowMs: 60_000 } },
      schema: { tags, summary: 'Log in; answers the next step, if any', body: s.loginBody, response: { 200: s.stepAnswer, ...authErrors } },
    },
    async (req, reply) => {
      const { token, answer } = await auth.login({ ...req.body, sourceAddress: req.ip, userAgent: userAgent(req) });
      setSession(reply, req, token);
      return answer;
    },
  );

  app.post(
    '/auth/password',
    {
      config: { access: 'session-step' },
      schema: { tags, summary: 'Change the password (ends every session; a new one replaces this)', body: s.passwordBody, response: { 200: s.stepAnswer, ...authErrors } },
    },
    async (req, reply) => {
      const { token, answer } = await auth.changePassword(sessionOf(req), { ...req.body, userAgent: userAgent(req) });
      setSession(reply, req, token);
      return answer;
    },
  );

  app.post(
    '/auth/mfa/enroll',
    {
      config: { access: 'session-step' },
      schema: {
        tags,
        summary: 'Confirm TOTP enrolment with a first code; answers recovery codes once',
        body: s.codeBody,
        response: { 200: s.stepAnswer.extend({ recoveryCodes: z.array(z.string()) }), ...authErrors },
      },
    },
    (req) => auth.enrollMfa(sessionOf(req), req.body.code),
  );

  app.post(
    '/auth/mfa',
    {
      config: { access: 'session-step' },
      schema: { tags, summary: 'Verify a TOTP code or a recovery code', body: s.codeBody, response: { 200: s.stepAnswer, ...authErrors } },
    },
    (req) => auth.verifyMfa(sessionOf(req), req.body.code),
  );

  app.post(
    '/auth/logout',
    { config: { access: 'session-step' }, schema: { tags, summary: 'End this session', response: { 204: z.null(), ...authErrors } } },
    async (req, reply) => {
      await auth.logout(sessionOf(req));
      reply.header('set-cookie', clearedSessionCookie(secure(req)));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    { config: { access: 'session-step' }, schema: { tags, summary: 'The caller: account, permissions, pending step', response: { 200: s.meView, ...authErrors } } },
    async (req) => {
      const ctx = sessionOf(req);
      const policy = await auth.policy();
      return {
        account: accounts.view(ctx.account, ctx.roles),
        permissions: [...permissionsOf(ctx.roles)],
        next: ctx.session.next_step,
        csrfToken: ctx.session.csrf_token,
        policy: { passwordProfile: policy.passwordProfile, idleTimeoutMinutes: policy.idleTimeoutMinutes },
      };
    },
  );

  const admin = ['accounts'];

  app.get(
    '/accounts',
    {
      config: { permission: 'account.read' },
      schema: { tags: admin, summary: 'Accounts whose home org is in your subtree', querystring: s.accountsQuery, response: { 200: s.accountPage, ...authErrors } },
    },
    (req) => accounts.list(req.actor, req.query.q, req.query.page, req.query.pageSize),
  );

  app.post(
    '/accounts',
    {
      config: { permission: 'account.manage' },
      schema: { tags: admin, summary: 'Create an account with a one-time password', body: s.createAccountBody, response: { 201: s.createdAccount, ...authErrors } },
    },
    async (req, reply) => reply.code(201).send(await accounts.create(req.actor, req.body)),
  );

  app.get(
    '/accounts/:id',
    { config: { permission: 'account.read' }, schema: { tags: admin, summary: 'One account', params: idParams, response: { 200: s.accountView, ...authErrors } } },
    (req) => accounts.get(req.actor, req.params.id),
  );

  app.post(
    '/accounts/:id/disable',
    {
      config: { permission: 'account.manage' },
      schema: { tags: admin, summary: 'Disable an account (its sessions end)', params: idParams, body: s.versionBody, response: { 200: s.accountView, ...authErrors } },
    },
    (req) => accounts.disable(req.actor, req.params.id, req.body.version),
  );

  app.post(
    '/accounts/:id/enable',
    {
      config: { permission: 'account.manage' },
      schema: { tags: admin, summary: 'Enable an account and clear its lockout', params: idParams, body: s.versionBody, response: { 200: s.accountView, ...authErrors } },
    },
    (req) => accounts.enable(req.actor, req.params.id, req.body.version),
  );

  app.post(
    '/accounts/:id/reset-password',
    {
      config: { permission: 'account.manage' },
      schema: { tags: admin, summary: 'Issue a new one-time password', params: idParams, body: s.versionBody, response: { 200: s.createdAccount, ...authErrors } },
    },
    (req) => accounts.resetPassword(req.actor, req.params.id, req.body.version),
  );

  app.put(
    '/accounts/:id/roles',
    {
      config: { permission: 'role.grant' },
      schema: { tags: admin, summary: 'Replace the roles of an account (三员分立 enforced)', params: idParams, body: s.rolesBody, response: { 200: s.accountView, ...authErrors } },
    },
    (req) => accounts.setRoles(req.actor, req.params.id, req.body),
  );

  app.post(
    '/accounts/:id/end-sessions',
    {
      config: { permission: 'session.manage' },
      schema: { tags: admin, summary: 'End every session of an account', params: idParams, response: { 200: z.object({ ended: z.number().int() }), ...authErrors } },
    },
    async (req) => ({ ended: await accounts.endSessionsOf(req.actor, req.params.id) }),
  );

  app.post(
    '/accounts/:id/reveal',
    {
      config: { permission: 'personal.full_view' },
      schema: {
        tags: admin,
        summary: 'The whole value of a masked field (audited)',
        params: idParams,
        body: s.revealBody,
        response: { 200: z.object({ field: z.string(), value: z.string().nullable() }), ...authErrors },
      },
    },
    (req) => accounts.reveal(req.actor, req.params.id, req.body.field),
  );

  app.get(
    '/sessions',
    {
      config: { permission: 'session.manage' },
      schema: { tags: admin, summary: 'Live sessions in your subtree', querystring: s.sessionsQuery, response: { 200: z.array(s.sessionView), ...authErrors } },
    },
    (req) => accounts.sessions(req.actor, req.query.accountId),
  );

  app.post(
    '/sessions/:id/end',
    { config: { permission: 'session.manage' }, schema: { tags: admin, summary: 'End one session', params: idParams, response: { 204: z.null(), ...authErrors } } },
    async (req, reply) => {
      await accounts.endSession(req.actor, req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/security/policy',
    { config: { permission: 'security.policy' }, schema: { tags: admin, summary: 'The security policy', response: { 200: s.policyView, ...authErrors } } },
    () => auth.policyWithVersion(),
  );

  app.put(
    '/security/policy',
    {
      config: { permission: 'security.policy' },
      schema: { tags: admin, summary: 'Replace the security policy', body: s.policyBody, response: { 200: s.policyView, ...authErrors } },
    },
    (req) => auth.setPolicy(req.actor, req.body.policy, req.body.version),
  );
};
