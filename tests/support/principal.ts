/** A Static Web Apps client principal header for a test user. */
export function principal(userId: string, name = `${userId}@example.com`): Record<string, string> {
  const value = Buffer.from(JSON.stringify({ identityProvider: 'aad', userId, userDetails: name, userRoles: ['anonymous', 'authenticated'] })).toString('base64');
  return { 'x-ms-client-principal': value };
}
