import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { describeEachDatabase } from '../../../test/support/app.ts';
import { auditEvents } from './schema.ts';
import { recordAudit } from './store.ts';

describeEachDatabase('audit log', (env) => {
  test('the log is append-only in the database itself: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const { db } = env().ctx;
    await recordAudit(db, { id: null, email: 'x@test', role: null, ip: '127.0.0.1', userAgent: null }, { action: 'test.event' });
    const count = () => db.$count(auditEvents);
    const before = await count();
    // Drizzle wraps the driver's error; the database's own refusal is its cause.
    const refused = (e: unknown) => /append-only/.test(String((e as Error).cause ?? e));
    await assert.rejects(db.execute(sql`update audit_events set action = 'rewritten'`), refused);
    await assert.rejects(db.execute(sql`delete from audit_events`), refused);
    await assert.rejects(db.execute(sql`truncate audit_events`), refused);
    assert.equal(await count(), before);
  });

  test('an admin filters by user, client, action and date, and pages with a cursor', async () => {
    const { db } = env().ctx;
    const admin = await env().signedIn('admin');
    const clientId = '11111111-1111-4111-8111-111111111111';
    const actor = { id: '22222222-2222-4222-8222-222222222222', email: 'coord@test', role: 'coordinator', ip: '10.1.2.3', userAgent: 'test' };
    for (let i = 0; i < 5; i++) await recordAudit(db, actor, { action: 'client.read', clientId, targetType: 'client', targetId: clientId });
    await recordAudit(db, actor, { action: 'client.updated', clientId });

    const byClient = await admin.get(`/api/admin/audit?clientId=${clientId}`);
    assert.equal(byClient.status, 200);
    assert.equal(byClient.body.events.length, 6);
    assert.equal(byClient.body.events[0].action, 'client.updated', 'newest first');
    assert.equal(byClient.body.events[0].ip, '10.1.2.3');

    const page1 = await admin.get(`/api/admin/audit?actorId=${actor.id}&action=client.read&limit=3`);
    assert.equal(page1.body.events.length, 3);
    assert.ok(page1.body.nextCursor);
    const page2 = await admin.get(`/api/admin/audit?actorId=${actor.id}&action=client.read&limit=3&cursor=${page1.body.nextCursor}`);
    assert.equal(page2.body.events.length, 2);
    assert.equal(page2.body.nextCursor, null);
    const ids = [...page1.body.events, ...page2.body.events].map((e: { id: number }) => e.id);
    assert.equal(new Set(ids).size, 5);

    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const future = await admin.get(`/api/admin/audit?clientId=${clientId}&from=${tomorrow}`);
    assert.equal(future.body.events.length, 0);
    const today = new Date().toISOString().slice(0, 10);
    assert.equal((await admin.get(`/api/admin/audit?clientId=${clientId}&to=${today}`)).body.events.length, 6);

    const actions = await admin.get('/api/admin/audit/actions');
    assert.ok(actions.body.actions.includes('client.read'));
    assert.ok(actions.body.actions.includes('auth.login'));

    const bad = await admin.get('/api/admin/audit?cursor=%%%');
    assert.equal(bad.status, 400);
    const badDate = await admin.get('/api/admin/audit?from=yesterday');
    assert.equal(badDate.status, 400);
    assert.equal(badDate.body.fields[0].path, 'from');
  });
});
