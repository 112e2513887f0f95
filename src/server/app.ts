/** The app factory: one Fastify instance per database, used by `serve`, the tests and the e2e suite. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentMigration, latestMigration, type DbHandle } from '../db/create-db.ts';
import type { Actor } from '../lib/actor.ts';
import type { CryptoProvider } from '../lib/crypto/provider.ts';
import { errorBody } from '../lib/errors.ts';
import { accountRoutes } from '../modules/accounts/accounts.routes.ts';
import { AccountService } from '../modules/accounts/accounts.service.ts';
import { AuthService } from '../modules/accounts/auth.service.ts';
import { auditRoutes } from '../modules/audit/audit.routes.ts';
import { AuditTrail } from '../modules/audit/audit.service.ts';
import { memberFileRoutes } from '../modules/members/members.files.routes.ts';
import { voteRoutes } from '../modules/meetings/votes.routes.ts';
import { meetingRoutes } from '../modules/meetings/meetings.routes.ts';
import { MeetingService } from '../modules/meetings/meetings.service.ts';
import { meetingRuleRoutes } from '../modules/meetings/meeting-rules.routes.ts';
import { MeetingRuleService } from '../modules/meetings/meeting-rules.service.ts';
import { AttendanceService } from '../modules/meetings/attendance.service.ts';
import { AbsenceService } from '../modules/reviews/absence.service.ts';
import { reviewRoutes } from '../modules/reviews/reviews.routes.ts';
import { ReviewService } from '../modules/reviews/reviews.service.ts';
import { meetingFileRoutes } from '../modules/meetings/meeting-files.routes.ts';
import { MeetingFileService } from '../modules/meetings/meeting-files.service.ts';
import { duesToolRoutes } from '../modules/dues/dues-tools.routes.ts';
import { duesRoutes } from '../modules/dues/dues.routes.ts';
import { DuesService } from '../modules/dues/dues.service.ts';
import { electionRoutes } from '../modules/elections/elections.routes.ts';
import { ElectionService } from '../modules/elections/elections.service.ts';
import { memberRoutes } from '../modules/members/members.routes.ts';
import { MemberService, SCREEN_SMS_SENDER, type SmsSender } from '../modules/members/members.service.ts';
import { CommunityService } from '../modules/flowing/community.service.ts';
import { flowingRoutes } from '../modules/flowing/flowing.routes.ts';
import { FlowingService } from '../modules/flowing/flowing.service.ts';
import { orgRoutes } from '../modules/orgs/orgs.routes.ts';
import { OrgService } from '../modules/orgs/orgs.service.ts';
import { poolRoutes } from '../modules/pools/pools.routes.ts';
import { PoolService } from '../modules/pools/pools.service.ts';
import { transferRoutes } from '../modules/transfers/transfers.routes.ts';
import { TransferService } from '../modules/transfers/transfers.service.ts';
import { recruitmentLookupRoutes } from '../modules/recruitment/recruitment-lookups.ts';
import { recruitmentRoutes } from '../modules/recruitment/recruitment.routes.ts';
import { RecruitmentService } from '../modules/recruitment/recruitment.service.ts';
import { installAuth } from './auth.ts';
import { installErrorHandling } from './errors.ts';
import { installRateLimit } from './rate-limit.ts';
import { installSecurityHeaders } from './security-headers.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
  }
}

export interface AppOptions {
  handle: DbHandle;
  crypto: CryptoProvider;
  /** Folder of the built web UI; served at `/` when it exists. */
  webRoot?: string | null;
  logger?: FastifyServerOptions['logger'];
  /** Behind a reverse proxy: trust X-Forwarded-For/-Proto (source addresses, Secure cookies). */
  trustProxy?: boolean;
  /** The clock, replaceable in tests of timeouts. */
  now?: () => Date;
  /** Where one-time codes go; by default they are shown on screen (no SMS gateway). */
  sms?: SmsSender;
}

export interface Services {
  audit: AuditTrail;
  auth: AuthService;
  accounts: AccountService;
  orgs: OrgService;
  members: MemberService;
  transfers: TransferService;
  flowing: FlowingService;
  community: CommunityService;
  pools: PoolService;
  meetings: MeetingService;
  attendance: AttendanceService;
  meetingRules: MeetingRuleService;
  reviews: ReviewService;
  absence: AbsenceService;
  elections: ElectionService;
  meetingFiles: MeetingFileService;
  dues: DuesService;
  recruitment: RecruitmentService;
}

export const DEFAULT_WEB_ROOT = resolve(import.meta.dirname, '../../web/dist');
export const API_PREFIX = '/api/v1';

export function createServices(handle: DbHandle, crypto: CryptoProvider, now?: () => Date): Services {
  const audit = new AuditTrail(handle.db, crypto);
  return {
    audit,
    auth: new AuthService({ db: handle.db, crypto, audit, ...(now ? { now } : {}) }),
    accounts: new AccountService(handle.db, crypto, audit),
    orgs: new OrgService(handle.db, audit),
    members: new MemberService(handle.db, crypto, audit),
    transfers: new TransferService(handle.db, crypto, audit, now),
    flowing: new FlowingService(handle.db, crypto, audit, now),
    community: new CommunityService(handle.db, audit, now),
    pools: new PoolService(handle.db, audit, now),
    meetings: new MeetingService(handle.db, audit, now),
    attendance: new AttendanceService(handle.db, audit, now),
    meetingRules: new MeetingRuleService(handle.db, audit, now),
    reviews: new ReviewService(handle.db, audit, now),
    absence: new AbsenceService(handle.db, crypto, audit, now),
    elections: new ElectionService(handle.db, audit, new OrgService(handle.db, audit), now),
    meetingFiles: new MeetingFileService(handle.db, audit, now),
    dues: new DuesService(handle.db, audit, now),
    // MemberService holds no state: a second instance makes the member record on admission in the same way.
    recruitment: new RecruitmentService(handle.db, crypto, audit, new MemberService(handle.db, crypto, audit), now),
  };
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { handle } = options;
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // The API speaks JSON; other bodies are refused with 415 rather than validated as strings.
  app.removeContentTypeParser('text/plain');
  const services = createServices(handle, options.crypto, options.now);
  installErrorHandling(app);
  installSecurityHeaders(app);

  app.decorateRequest('actor', null as unknown as Actor);
  app.addHook('onRequest', async (request) => {
    request.actor = { accountId: null, role: 'anonymous', roles: [], scopePath: '\u0000', sourceAddress: request.ip };
  });
  installAuth(app, services.auth, services.audit, API_PREFIX);
  installRateLimit(app);

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Xianfeng API', version: '1' },
      tags: [
        { name: 'system' },
        { name: 'auth', description: 'Login, password, second factor' },
        { name: 'accounts', description: 'Accounts, roles, sessions, security policy' },
        { name: 'audit', description: 'The audit trail' },
        { name: 'orgs', description: '党组织 tree, committees and terms' },
        { name: 'members', description: '党员 registry' },
        { name: 'transfers', description: '组织关系转接: letters, receipt, return' },
        { name: 'flowing', description: '流动党员 and their yearly reports' },
        { name: 'community', description: '在职党员到社区报到 (双报到) and service hours' },
        { name: 'mentor-pairs', description: '老党员传帮带' },
        { name: 'reserve-cadres', description: '后备干部人才库' },
        { name: 'care', description: '困难党员关爱: visits and funds (fen)' },
        { name: 'recruitment', description: '发展党员: cases through the 25 steps, compliance, 公示' },
        { name: 'tools', description: 'Checks behind live form validation' },
        { name: 'dues', description: '党费: bases, ledger, payments, close, remittance, reports, arrears' },
        { name: 'reviews', description: '民主评议党员 and its organizational handling; the 党章第九条 absence signal' },
        { name: 'elections', description: '换届选举: candidates, 差额, ballots, installing the committee; terms due and postponements' },
      ],
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'xf_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  await app.register(
    async (api) => {
      api.get(
        '/health',
        {
          config: { access: 'public' },
          schema: {
            tags: ['system'],
            summary: 'Liveness, database dialect and migration version',
            response: {
              200: z.object({
                status: z.literal('ok'),
                dialect: z.enum(['sqlite', 'postgres']),
                migration: z.string(),
                latestMigration: z.string(),
              }),
            },
          },
        },
        async () => ({
          status: 'ok' as const,
          dialect: handle.dialect,
          migration: await currentMigration(handle.db),
          latestMigration,
        }),
      );
      await api.register(accountRoutes, { auth: services.auth, accounts: services.accounts });
      await api.register(auditRoutes, { audit: services.audit });
      await api.register(orgRoutes, { orgs: services.orgs });
      await api.register(memberRoutes, { members: services.members, sms: options.sms ?? SCREEN_SMS_SENDER });
      await api.register(memberFileRoutes, { db: handle.db, crypto: options.crypto, audit: services.audit });
      await api.register(transferRoutes, { transfers: services.transfers });
      await api.register(flowingRoutes, { flowing: services.flowing, community: services.community });
      await api.register(poolRoutes, { pools: services.pools });
      await api.register(voteRoutes);
      await api.register(meetingRoutes, { meetings: services.meetings, attendance: services.attendance });
      await api.register(meetingRuleRoutes, { meetingRules: services.meetingRules });
      await api.register(reviewRoutes, { reviews: services.reviews, absence: services.absence });
      await api.register(meetingFileRoutes, { files: services.meetingFiles });
      await api.register(duesToolRoutes);
      await api.register(recruitmentRoutes, { recruitment: services.recruitment });
      await api.register(recruitmentLookupRoutes, { db: handle.db });
      await api.register(duesRoutes, { dues: services.dues });
      await api.register(electionRoutes, { elections: services.elections });
      api.setNotFoundHandler((request, reply) =>
        reply.code(404).send(errorBody('route.not_found', `No route ${request.method} ${request.url.split('?')[0]}`)),
      );
    },
    { prefix: API_PREFIX },
  );

  const webRoot = options.webRoot === undefined ? DEFAULT_WEB_ROOT : options.webRoot;
  const hasWeb = !!webRoot && existsSync(join(webRoot, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    // Client-side routes: any GET outside /api answers the app's page.
    if (hasWeb && request.method === 'GET' && !request.url.startsWith('/api/')) return reply.sendFile('index.html');
    return reply.code(404).send(errorBody('route.not_found', `No route ${request.method} ${request.url.split('?')[0]}`));
  });
  return app;
}
