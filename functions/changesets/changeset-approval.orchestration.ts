import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler } from 'durable-functions';
import { getServices } from '../platform/services.js';
import { tracedActivity } from '../platform/traced-activity.js';

/**
 * One orchestration per change set: wait for the owner's decision or the
 * deadline, whichever comes first; on approval, apply (conflict check, write,
 * publish). Custom status carries the change set's status for pollers.
 */
export const CHANGESET_APPROVAL = 'changeset-approval';
export const CHANGESET_APPLY = 'changeset-apply';
export const CHANGESET_EXPIRE = 'changeset-expire';
export const APPROVAL_EVENT = 'approval';

export const approvalInstanceId = (changeSetId: string) => `changeset-${changeSetId}`;

export interface ApprovalInput {
  changeSetId: string;
  expiresAt: string;
  /** The proposing request's span: the apply continues its trace. */
  traceParent?: string;
}

const approval: OrchestrationHandler = function* (context: OrchestrationContext) {
  const input = context.df.getInput() as ApprovalInput;
  context.df.setCustomStatus({ status: 'awaiting_approval', expiresAt: input.expiresAt });
  const decision = context.df.waitForExternalEvent(APPROVAL_EVENT);
  const deadline = context.df.createTimer(new Date(input.expiresAt));
  const winner: unknown = yield context.df.Task.any([decision, deadline]);
  if (winner !== decision) {
    const expired: { status: string } = yield context.df.callActivity(CHANGESET_EXPIRE, input);
    context.df.setCustomStatus({ status: expired.status });
    return expired.status;
  }
  deadline.cancel();
  if (!(decision.result as { approved?: boolean } | undefined)?.approved) {
    context.df.setCustomStatus({ status: 'rejected' });
    return 'rejected';
  }
  context.df.setCustomStatus({ status: 'applying' });
  const applied: { status: string } = yield context.df.callActivity(CHANGESET_APPLY, input);
  context.df.setCustomStatus({ status: applied.status });
  return applied.status;
};

df.app.orchestration(CHANGESET_APPROVAL, approval);
/** An activity on one change set, as a span in the proposing request's trace. */
function changeSetActivity(name: string, run: (id: string) => Promise<{ status: string }>) {
  tracedActivity(name, (input: ApprovalInput) => ({ 'changeset.id': input.changeSetId }), async (input, _context, span) => {
    const { status } = await run(input.changeSetId);
    span.setAttribute('changeset.status', status);
    return { status };
  });
}
changeSetActivity(CHANGESET_APPLY, (id) => getServices().changeSets.apply(id));
changeSetActivity(CHANGESET_EXPIRE, (id) => getServices().changeSets.expire(id));
