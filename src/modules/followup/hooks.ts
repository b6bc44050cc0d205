/**
 * What the requests module asks of follow-up, at two moments: before a task is ticked, and before a
 * request is closed. Kept apart from service.ts (and free of imports of the requests service) so
 * requests → followup stays a one-way, cycle-free dependency.
 */
import type { AppContext } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import { enqueue } from '../jobs/queue.ts';
import { listEvents, listTasks } from '../requests/store.ts';
import { EXPLAINED_EVENT, PHARMACY_EVENT, PLAN_EVENT, type PlanEvent, SKIPPED_EVENT } from './domain.ts';

export const SURVEY_QUEUE = 'followup.survey';

/** The plan step a task stands for, if any, and what was recorded about it. */
export async function stepOfTask(ctx: AppContext, requestId: string, taskId: string) {
  const events = await listEvents(ctx.db, requestId);
  const plan = events.map((e) => (e.type === PLAN_EVENT ? (e.data as PlanEvent) : null)).find((p) => p?.tasks.some((t) => t.taskId === taskId));
  const step = plan?.tasks.find((t) => t.taskId === taskId)?.step ?? null;
  const about = (type: string) => events.some((e) => e.type === type && (e.data as { taskId?: string }).taskId === taskId);
  return { step, appointmentId: plan?.appointmentId ?? null, explained: about(EXPLAINED_EVENT), pharmacy: about(PHARMACY_EVENT), skipped: about(SKIPPED_EVENT) };
}

/**
 * A plan step ticked from the generic task list must meet the same rule as from the « Suivi »
 * block: the explanation needs its note, the prescription its pharmacy (or the step skipped with a reason).
 */
export async function checkTaskCompletion(ctx: AppContext, requestId: string, taskId: string): Promise<void> {
  const s = await stepOfTask(ctx, requestId, taskId);
  if (s.skipped) return;
  if (s.step === 'explain_results' && !s.explained) throw new DomainError('followup_note_required', 409, {}, [{ path: 'note', code: 'followup_note_required' }]);
  if (s.step === 'send_prescription' && !s.pharmacy) throw new DomainError('followup_pharmacy_required', 409, {}, [{ path: 'pharmacyId', code: 'followup_pharmacy_required' }]);
}

/**
 * Before a request is closed: no open task (the plan is done), then the closure survey is queued.
 * The job checks the request really is closed when it runs, so a closure that fails after this
 * point sends nothing.
 */
export async function beforeRequestClosed(ctx: AppContext, requestId: string): Promise<void> {
  const open = (await listTasks(ctx.db, requestId)).filter((t) => !t.doneAt).length;
  if (open > 0) throw new DomainError('followup_tasks_open', 409, { count: open });
  await enqueue(ctx.db, { queue: SURVEY_QUEUE, runAt: ctx.now(), idempotencyKey: `followup-survey:request:${requestId}`, payload: { trigger: 'request_closed', requestId } });
}
