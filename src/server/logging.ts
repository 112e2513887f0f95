/**
 * Server log settings: request lines carry method, path and status only — never bodies, query strings,
 * cookies or headers — so personal data (ID numbers, phones, passwords) cannot reach a log line.
 */
import type { FastifyServerOptions } from 'fastify';
import type { DestinationStream } from 'pino';

export function serverLogger(level = 'info', stream?: DestinationStream): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: { paths: ['req.headers', 'res.headers', '*.password', '*.idNumber', '*.phone'], remove: true },
    serializers: {
      req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, path: req.url.split('?')[0], ip: req.ip }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}
