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
import { SYSTEM_ACTOR, type Actor } from '../lib/actor.ts';
import { errorBody } from '../lib/errors.ts';
import { orgRoutes } from '../modules/orgs/orgs.routes.ts';
import { OrgService } from '../modules/orgs/orgs.service.ts';
import { installErrorHandling } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
  }
}

export interface AppOptions {
  handle: DbHandle;
  /** Folder of the built web UI; served at `/` when it exists. */
  webRoot?: string | null;
  logger?: FastifyServerOptions['logger'];
  trustProxy?: boolean;
}

export const DEFAULT_WEB_ROOT = resolve(import.meta.dirname, '../../web/dist');

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { handle } = options;
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  // The API speaks JSON; other bodies are refused with 415 rather than validated as strings.
  app.removeContentTypeParser('text/plain');

  // Until accounts exist every caller acts from the root; the accounts module replaces this hook.
  app.decorateRequest('actor', null as unknown as Actor);
  app.addHook('onRequest', async (request) => {
    request.actor = { ...SYSTEM_ACTOR, sourceAddress: request.ip };
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Xianfeng API', version: '1' },
      tags: [{ name: 'system' }, { name: 'orgs', description: '党组织 tree, committees and terms' }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  const orgs = new OrgService(handle.db);

  await app.register(
    async (api) => {
      api.get(
        '/health',
        {
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
      await api.register(orgRoutes, { orgs });
      api.setNotFoundHandler((request, reply) =>
        reply.code(404).send(errorBody('route.not_found', `No route ${request.method} ${request.url.split('?')[0]}`)),
      );
    },
    { prefix: '/api/v1' },
  );

  const webRoot = options.webRoot === undefined ? DEFAULT_WEB_ROOT : options.webRoot;
  if (webRoot && existsSync(join(webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: false });
    // Client-side routes: any GET outside /api answers the app's page.
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !request.url.startsWith('/api/')) return reply.sendFile('index.html');
      return reply.code(404).send(errorBody('route.not_found', `No route ${request.method} ${request.url.split('?')[0]}`));
    });
  }
  return app;
}
