import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDatabase } from '../../test/support/app.ts';
import { can, roles } from '../modules/identity/domain.ts';

const sampleId = '00000000-0000-4000-8000-000000000000';

describeEachDatabase('role → action table, walked over every protected route', (env) => {
  test('each role gets 403 exactly on the routes its actions do not allow', async () => {
    const routes = env()
      .app.guardedRoutes.filter((r) => !r.public && r.action)
      // Signing out would end the session the walk uses: do it last.
      .sort((a, b) => Number(a.url === '/api/auth/logout') - Number(b.url === '/api/auth/logout'));
    assert.ok(routes.length >= 15, `expected the identity, audit and outbox routes, got ${routes.length}`);
    for (const role of roles) {
      const agent = await env().signedIn(role);
      for (const route of routes) {
        const url = route.url.replace(/:\w+/g, sampleId);
        const allowed = route.action !== undefined && can(role, route.action);
        // An allowed event stream never ends by itself; its live behaviour has its own test.
        if (allowed && route.url.endsWith('/stream')) continue;
        const res = await agent.request(route.method, url, route.method === 'GET' || route.method === 'DELETE' ? undefined : {});
        const label = `${role} ${route.method} ${route.url} (${route.action})`;
        if (allowed) {
          assert.notEqual(res.body?.code, 'forbidden', `${label} should be allowed, got ${res.status}`);
          assert.ok(res.status < 500, `${label} answered ${res.status}`);
        } else {
          assert.equal(res.status, 403, `${label} should be denied, got ${res.status}`);
          assert.equal(res.body.code, 'forbidden', label);
        }
      }
    }
  });

  test('a denied access is written to the audit log', async () => {
    const client = await env().signedIn('client');
    assert.equal((await client.get('/api/admin/audit')).status, 403);
    const admin = await env().signedIn('admin');
    const denied = await admin.get(`/api/admin/audit?action=access.denied&actorId=${(await client.get('/api/auth/me')).body.user.id}`);
    assert.equal(denied.body.events.length, 1);
    assert.equal(denied.body.events[0].outcome, 'denied');
  });

  test('without a session every protected route answers 401', async () => {
    const anonymous = env().agent();
    for (const route of env().app.guardedRoutes.filter((r) => !r.public)) {
      const res = await anonymous.request(route.method, route.url.replace(/:\w+/g, sampleId), route.method === 'GET' ? undefined : {});
      assert.equal(res.status, 401, `${route.method} ${route.url}`);
    }
  });
});
