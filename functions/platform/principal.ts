import { z } from 'zod';
import { UnauthorizedError } from './errors.js';

/**
 * The signed-in user, from Static Web Apps' `x-ms-client-principal` (base64 JSON).
 * SWA sets it for authenticated requests and strips any a client sends; the dev
 * host's front door supplies a local user the same way. No principal → 401.
 */
export interface Principal {
  userId: string;
  userDetails: string;
  identityProvider: string;
  roles: string[];
}

const principalSchema = z.object({
  userId: z.string().min(1),
  userDetails: z.string().default(''),
  identityProvider: z.string().default('unknown'),
  userRoles: z.array(z.string()).default([]),
});

export function readPrincipal(header: string | null | undefined): Principal {
  if (!header) throw new UnauthorizedError('Sign in first: the request has no client principal.');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(header, 'base64').toString('utf8'));
  } catch {
    throw new UnauthorizedError('The client principal header is not valid base64 JSON.');
  }
  const parsed = principalSchema.safeParse(decoded);
  if (!parsed.success) throw new UnauthorizedError('The client principal has no user id.');
  return { userId: parsed.data.userId, userDetails: parsed.data.userDetails, identityProvider: parsed.data.identityProvider, roles: parsed.data.userRoles };
}
