import type { InvocationContext } from '@azure/functions';
import { durableClient } from '../platform/durable-client.js';
import { APPROVAL_EVENT, approvalInstanceId, CHANGESET_APPROVAL, type ApprovalInput } from './changeset-approval.orchestration.js';
import type { ApprovalControl } from './changesets.service.js';
import { traceParentField } from '../platform/trace-ref.js';

/** Starts and decides change-set approvals through the trigger's durable client. */
export function approvalControl(context: InvocationContext): ApprovalControl {
  const client = durableClient(context);
  return {
    async start(changeSet) {
      const input: ApprovalInput = { changeSetId: changeSet.id, expiresAt: changeSet.expiresAt, ...traceParentField(changeSet.traceParent) };
      await client().startNew(CHANGESET_APPROVAL, { instanceId: approvalInstanceId(changeSet.id), input });
    },
    async decide(changeSetId, approved, by) {
      await client().raiseEvent(approvalInstanceId(changeSetId), APPROVAL_EVENT, { approved, by });
    },
  };
}
