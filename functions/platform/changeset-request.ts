import type { HttpRequest } from '@azure/functions';
import { z } from 'zod';
import { validate } from '../platform/http.js';

const changeSetId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'is not a change set id');

/** The `{id}` route parameter of change-set routes, validated. */
export function changeSetIdOf(request: HttpRequest): string {
  return validate(changeSetId, request.params.id, 'change set id');
}
