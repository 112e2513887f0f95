/** Shared zod building blocks for request and response schemas. */
import { z } from 'zod';
import { isIsoDate } from './dates.ts';

export const isoDate = z
  .string()
  .max(10)
  .refine(isIsoDate, { message: 'must be a real date as YYYY-MM-DD' })
  .meta({ format: 'date', example: '2024-07-01' });

export const id = z.string().min(1).max(64);
export const version = z.number().int().min(1).max(2_147_483_647);

export const errorSchema = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown() }),
  })
  .meta({ id: 'Error' });

export const idParams = z.strictObject({ id });

/** 1-based pagination with a hard ceiling on the page size. */
export const pagination = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};

/** The error responses every route may answer, for the OpenAPI document. */
export const errorResponses = {
  400: errorSchema,
  404: errorSchema,
  409: errorSchema,
  422: errorSchema,
};
