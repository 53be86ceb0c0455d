import { DependencyError, NotFoundError } from '../platform/errors.js';
import { SmartsheetError } from './smartsheet.port.js';

/**
 * A read (or a comment) made on Smartsheet when asked: 404 there is 404 here, saying what is gone; Smartsheet failing
 * is 503 (a dependency down, worth trying again), never a 500.
 */
export async function liveRead<T>(work: () => Promise<T>, gone: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SmartsheetError && error.status === 404) throw new NotFoundError(gone);
    if (error instanceof SmartsheetError && error.status >= 500) throw new DependencyError('Smartsheet', error.message);
    throw error;
  }
}
