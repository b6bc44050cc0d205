import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { publishChange } from '../../platform/events.ts';
import { inboxItems } from './schema.ts';

export type InboxKind = 'mention' | 'emergency' | 'assigned' | 'verification' | 'support' | 'result' | 'reimbursement' | 'feedback';

export async function notifyUsers(db: Db, userIds: string[], item: { kind: InboxKind; title: string; body?: string; requestId?: string; link?: string }): Promise<void> {
  const unique = [...new Set(userIds)];
  if (!unique.length) return;
  await db.insert(inboxItems).values(unique.map((userId) => ({ userId, kind: item.kind, title: item.title, body: item.body ?? '', requestId: item.requestId ?? null, link: item.link ?? null })));
  for (const id of unique) publishChange({ type: 'inbox.changed', id });
}

export async function listInbox(db: Db, userId: string) {
  const items = await db.select().from(inboxItems).where(eq(inboxItems.userId, userId)).orderBy(desc(inboxItems.createdAt)).limit(50);
  const unread = await db.$count(inboxItems, and(eq(inboxItems.userId, userId), isNull(inboxItems.readAt)));
  return { items, unread };
}

export async function markRead(db: Db, userId: string, id: string): Promise<boolean> {
  const rows = await db
    .update(inboxItems)
    .set({ readAt: new Date() })
    .where(and(eq(inboxItems.id, id), eq(inboxItems.userId, userId)))
    .returning({ id: inboxItems.id });
  return rows.length > 0;
}
