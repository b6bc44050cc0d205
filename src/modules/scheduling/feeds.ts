/**
 * Secret calendar feed URLs (ICS) for a practitioner, a client and a staff member. The URL holds a
 * random token; only its hash is stored, and regenerating it revokes the previous URL at once.
 */
import type { AppContext } from '../../platform/context.ts';
import { hashToken, newToken } from '../../platform/crypto.ts';
import { DomainError } from '../../platform/errors.ts';
import type { Actor } from '../audit/domain.ts';
import { recordAudit } from '../audit/store.ts';
import { calendarFeed, type IcsAppointment } from './ics.ts';
import { addressOf, appointmentViews } from './present.ts';
import * as store from './store.ts';

export type FeedOwner = 'practitioner' | 'client' | 'user';

export async function regenerateFeed(ctx: AppContext, ownerType: FeedOwner, ownerId: string, actor: Actor): Promise<string> {
  const token = newToken();
  await store.setFeedToken(ctx.db, ownerType, ownerId, hashToken(token));
  await recordAudit(ctx.db, actor, { action: 'calendar.feed_regenerated', targetType: ownerType, targetId: ownerId });
  return `${ctx.config.publicUrl}/api/calendar/${token}.ics`;
}

/** The feed's events from 30 days back to a year ahead. Titles carry no health data. */
export async function renderFeed(ctx: AppContext, token: string): Promise<string> {
  const feed = await store.feedByToken(ctx.db, hashToken(token));
  if (!feed) throw new DomainError('link_invalid', 404);
  const from = new Date(ctx.now().getTime() - 30 * 86_400_000);
  const to = new Date(ctx.now().getTime() + 365 * 86_400_000);
  let rows: store.AppointmentRow[];
  if (feed.ownerType === 'user') {
    // A staff member follows the appointments of the requests assigned to them.
    const mine = await ctx.db.query.requests.findMany({ where: (r, { eq }) => eq(r.assigneeId, feed.ownerId), columns: { id: true } });
    const ids = new Set(mine.map((m) => m.id));
    rows = mine.length ? (await store.listAppointments(ctx.db, { from, to, limit: 2000 })).filter((a) => a.requestId && ids.has(a.requestId)) : [];
  } else rows = await store.listAppointments(ctx.db, { from, to, limit: 2000, ...(feed.ownerType === 'client' ? { clientId: feed.ownerId } : { practitionerId: feed.ownerId }) });
  rows = rows.filter((a) => a.status !== 'held');
  const views = await appointmentViews(ctx, rows);
  const events: IcsAppointment[] = views.map((v, i) => ({
    id: v.id,
    number: rows[i]?.number ?? 0,
    startsAt: new Date(v.startsAt),
    endsAt: new Date(v.endsAt),
    status: v.status as IcsAppointment['status'],
    sequence: 0,
    title: feed.ownerType === 'client' ? `Rendez-vous — ${v.practitioner.displayName}` : `${v.number} — ${v.client.name}`,
    location: v.mode === 'teleconsultation' ? 'Téléconsultation' : addressOf(v),
    description: null,
    url: null,
  }));
  const name = feed.ownerType === 'client' ? 'Mes rendez-vous (Parcours)' : feed.ownerType === 'practitioner' ? 'Rendez-vous Parcours' : 'Mes dossiers (Parcours)';
  return calendarFeed(name, events);
}
