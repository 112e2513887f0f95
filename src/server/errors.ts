import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, errorBody } from '../lib/errors.ts';

/** Turns every failure into the one error shape; nothing internal leaks into a 500. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      return reply.code(error.status).send(errorBody(error.code, error.message, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => ({
        in: error.validationContext ?? 'body',
        path: v.instancePath || '/',
        message: v.message ?? 'invalid',
        code: v.params?.issue && typeof v.params.issue === 'object' ? (v.params.issue as { code?: string }).code ?? null : null,
      }));
      return reply.code(400).send(errorBody('request.invalid', 'The request is not valid', { issues }));
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response did not match its schema');
      return reply.code(500).send(errorBody('internal', 'Internal error'));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fixed messages: a parser's own message may quote the body, and bodies hold personal data.
      const [code, message] =
        error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? ['request.too_large', 'The request body is too large']
          : error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
            ? ['request.unsupported_media_type', 'Send the body as application/json']
            : error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
                error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
                error instanceof SyntaxError
              ? ['request.malformed_json', 'The body is not valid JSON']
              : status === 429
                ? ['request.rate_limited', 'Too many requests; slow down']
                : ['request.invalid', 'The request is not valid'];
      return reply.code(status).send(errorBody(code, message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send(errorBody('internal', 'Internal error'));
  });
}
