import type { JobHandlers } from '../jobs/queue.ts';
import { deliverQueuedMail, MAIL_QUEUE } from './mail-queue.ts';
import { deliverQueuedSms, SMS_QUEUE } from './sms.ts';

/** The queues this module serves; the worker's handler map gathers them (src/server/jobs.ts). */
export const notificationJobHandlers: JobHandlers = {
  [MAIL_QUEUE]: (payload, job, ctx) => deliverQueuedMail(ctx, String(payload.mailId), job),
  [SMS_QUEUE]: (payload, job, ctx) => deliverQueuedSms(ctx, String(payload.smsId), job),
};
