import { describe, expect, it } from 'vitest';
import { ActionType, checkDeterminism, retryDelay, scheduleActions, sequencedActions, type OrchestratorState } from '../../infra/durable/actions.js';
import { EventType, event } from '../../infra/durable/history.js';

const state = (actions: OrchestratorState['actions'][number]): OrchestratorState => ({ isDone: false, actions: [actions] });

describe('action planning (what the extension does with a replay result)', () => {
  it('numbers leaf actions in order, through Task.all/any, skipping waits', () => {
    const replay = state([
      { actionType: ActionType.CallActivity, functionName: 'a' },
      {
        actionType: ActionType.WhenAll,
        compoundActions: [
          { actionType: ActionType.CallActivity, functionName: 'b' },
          { actionType: ActionType.WhenAny, compoundActions: [{ actionType: ActionType.WaitForExternalEvent }, { actionType: ActionType.CreateTimer, fireAt: '2030-01-01T00:00:00.000Z' }] },
        ],
      },
    ]);
    const actions = sequencedActions(replay);
    expect(actions.map((a) => a.functionName ?? a.actionType)).toEqual(['a', 'b', ActionType.CreateTimer]);
    const events = scheduleActions('i1', actions, 0);
    expect(Array.isArray(events) && events.map((e) => [e.EventType, e.EventId, e.Name ?? e.FireAt])).toEqual([
      [EventType.TaskScheduled, 0, 'a'],
      [EventType.TaskScheduled, 1, 'b'],
      [EventType.TimerCreated, 2, '2030-01-01T00:00:00.000Z'],
    ]);
  });

  it('passes activity inputs as the library encoded them', () => {
    const events = scheduleActions('i1', [{ actionType: ActionType.CallActivity, functionName: 'x', input: '"text"' }, { actionType: ActionType.CallActivity, functionName: 'y', input: { n: 1 } }], 0);
    expect(Array.isArray(events) && events.map((e) => e.Input)).toEqual(['"text"', '{"n":1}']);
  });

  it('names sub-orchestration instances after the parent and sequence number', () => {
    const events = scheduleActions('parent', [{ actionType: ActionType.CallSubOrchestrator, functionName: 'child' }], 10);
    expect(Array.isArray(events) && events[0]!.InstanceId).toBe('parent:000a');
  });

  it('detects a replay that scheduled something else', () => {
    const recorded = [event(EventType.TaskScheduled, { EventId: 0, Name: 'a' })];
    expect(checkDeterminism([{ actionType: ActionType.CallActivity, functionName: 'a' }], recorded, true)).toBeUndefined();
    expect(checkDeterminism([{ actionType: ActionType.CallActivity, functionName: 'b' }], recorded, true)).toMatch(
      /Non-Deterministic workflow detected: .*activity task with sequence ID 0 and name 'a'/,
    );
    expect(checkDeterminism([{ actionType: ActionType.CreateTimer }], recorded, true)).toMatch(/Non-Deterministic/);
    expect(checkDeterminism([], recorded, true)).toMatch(/hasn't \(yet\?\) scheduled this task/);
  });

  it('refuses actions the local engine does not implement', () => {
    expect(scheduleActions('i', [{ actionType: 7 }], 0)).toMatch(/not supported by the local durable engine/);
  });

  it('computes exponential backoff with a cap', () => {
    const policy = { firstRetryIntervalInMilliseconds: 100, maxNumberOfAttempts: 5, backoffCoefficient: 2, maxRetryIntervalInMilliseconds: 350 };
    expect([1, 2, 3, 4].map((n) => retryDelay(policy, n))).toEqual([100, 200, 350, 350]);
    expect(retryDelay({ firstRetryIntervalInMilliseconds: 50, maxNumberOfAttempts: 3 }, 3)).toBe(50);
  });
});
