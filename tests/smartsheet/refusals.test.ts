import { describe, expect, it } from 'vitest';
import { toSmartsheetError } from '../../functions/smartsheet/smartsheet-errors.js';
import { lastingRefusal } from '../../functions/smartsheet/smartsheet.port.js';

/** What Smartsheet's SDK rejects with, as the adapter reads it. */
const refused = (statusCode: number, errorCode: number, message = 'refused') => toSmartsheetError({ statusCode, errorCode, message }, 'updating rows');

describe('refusals no retry mends, said for the person', () => {
  it('names the cause: sharing, a locked column or row, the token, the sheet gone', () => {
    expect(lastingRefusal(refused(403, 1004))).toMatch(/^Smartsheet refused: the account the app signs in with may no longer change this sheet .*\(Smartsheet error 1004\)$/);
    expect(lastingRefusal(refused(403, 1039))).toBe("Smartsheet refused: a column it writes is locked — only the sheet's owner and admins can change it (Smartsheet error 1039)");
    expect(lastingRefusal(refused(403, 1050))).toMatch(/a row it changes is locked .*\(Smartsheet error 1050\)$/);
    expect(lastingRefusal(refused(403, 1092))).toMatch(/a row it changes is locked .*\(Smartsheet error 1092\)$/);
    expect(lastingRefusal(refused(401, 1002))).toMatch(/no longer accepts the app's access token.*\(Smartsheet error 1002\)$/);
    expect(lastingRefusal(refused(404, 1006))).toMatch(/^The sheet is no longer in Smartsheet.*\(Smartsheet error 1006\)$/);
    // Anything else Smartsheet refuses for good keeps its own words.
    expect(lastingRefusal(refused(400, 1042, 'The value for cell in column 1 did not conform'))).toBe('Smartsheet updating rows failed: The value for cell in column 1 did not conform (Smartsheet error 1042)');
  });

  it('a failure a retry may get past is not one (rate limit, busy sheet, outage), nor an error of ours', () => {
    for (const [status, code] of [[429, 4003], [500, 4004], [503, 4001], [500, 4000]] as const) expect(lastingRefusal(refused(status, code))).toBeUndefined();
    expect(lastingRefusal(new Error('table storage down'))).toBeUndefined();
  });

  it('a refusal of access is a 403 to our clients, with its code; an unknown sheet a 404', () => {
    expect([refused(403, 1004).status, refused(403, 1004).code]).toEqual([403, 'FORBIDDEN']);
    expect([refused(403, 1039).status, refused(403, 1039).code]).toEqual([403, 'FORBIDDEN']);
    expect(refused(404, 1006).status).toBe(404);
  });
});
