import type { HttpRequest } from '@azure/functions';
import { z } from 'zod';
import { validate } from './http.js';
import { readPrincipal, type Principal } from './principal.js';

/** Who is calling: the signed-in user, or 401. */
export function caller(request: HttpRequest): Principal {
  return readPrincipal(request.headers.get('x-ms-client-principal'));
}

const sessionIdParam = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'is not a session id');

/** The `{id}` route parameter of session routes, validated. */
export function sessionIdOf(request: HttpRequest): string {
  return validate(sessionIdParam, request.params.id, 'session id');
}
