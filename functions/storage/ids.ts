import { randomBytes } from 'node:crypto';

let last = 0;
let counter = 0;

/** Ids that sort by creation time (for table row keys) and are unguessable. */
export function sortableId(): string {
  const now = Date.now();
  counter = now === last ? counter + 1 : 0;
  last = now;
  return `${now.toString(36).padStart(9, '0')}${counter.toString(36).padStart(3, '0')}${randomBytes(6).toString('hex')}`;
}

export function opaqueId(): string {
  return randomBytes(12).toString('base64url');
}
