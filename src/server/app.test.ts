import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestEnv, describeEachDatabase, PASSWORD } from '../../test/support/app.ts';
import { system } from '../modules/audit/domain.ts';
import { createAccount } from '../modules/identity/service.ts';

describeEachDatabase('HTTP surface: health, docs, bad input', (env) => {
  test('health names the database engine', async () => {
    const res = await env().agent().get('/api/health');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: 'ok', database: env().kind });
  });

  test('the OpenAPI document lists the routes and the viewer is served', async () => {
    const spec = await env().agent().get('/api/docs/json');
    assert.equal(spec.status, 200);
    assert.ok(spec.body.paths['/api/auth/login'].post);
    assert.ok(spec.body.paths['/api/admin/audit'].get);
    assert.equal((await env().agent().get('/api/docs/')).status, 200);
  });

  test('security headers are set', async () => {
    const res = await env().agent().get('/api/health');
    assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.ok(res.headers['strict-transport-security']);
  });

  test('bad input gets a clear 4xx in the caller’s language, never a 500', async () => {
    const a = env().agent();
    const json = { 'content-type': 'application/json' };
    const malformed = await a.request('POST', '/api/auth/login', '{"email": "x', json);
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.message, 'Le corps de la requête n’est pas un JSON valide.');
    const malformedEn = await a.request('POST', '/api/auth/login', '{"email": "x', { ...json, 'accept-language': 'en' });
    assert.equal(malformedEn.body.message, 'The request body is not valid JSON.');

    const missing = await a.post('/api/auth/login', { email: 'a@b.fr' });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body.fields, [{ path: 'password', message: 'Ce champ est obligatoire.' }]);
    const wrongType = await a.post('/api/auth/login', { email: 'not-an-email', password: 42 });
    assert.deepEqual(
      wrongType.body.fields.map((f: { path: string }) => f.path),
      ['email', 'password'],
    );
    assert.match(wrongType.body.fields[1].message, /nombre/);

    const huge = await a.post('/api/auth/login', { email: 'a@b.fr', password: 'x'.repeat(2 * 1024 * 1024) });
    assert.equal(huge.status, 413);
    assert.equal(huge.body.code, 'body_too_large');

    const xml = await a.request('POST', '/api/auth/login', '<login/>', { 'content-type': 'application/xml' });
    assert.equal(xml.status, 415);

    const unknown = await a.get('/api/does-not-exist?secret=1', { 'accept-language': 'en' });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.message, 'No such endpoint: GET /api/does-not-exist.');

    for (const body of [null, [], 'text', 12, { email: {}, password: [] }, { email: 'a@b.fr', password: 'p', totp: 123456 }]) {
      const res = await a.request('POST', '/api/auth/login', JSON.stringify(body), json);
      assert.ok(res.status >= 400 && res.status < 500, `${JSON.stringify(body)} → ${res.status}`);
      assert.ok(res.body.message, 'every error has a message');
    }
  });
});

test('behind an HTTPS proxy the session cookie is Secure and the audit log keeps the client’s real address', async () => {
  const env = await createTestEnv('pglite', { config: { trustProxy: true } });
  try {
    await createAccount(env.ctx, { email: 'proxy@example.test', displayName: 'P', role: 'client', password: PASSWORD }, system);
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' },
      payload: { email: 'proxy@example.test', password: PASSWORD },
    });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['set-cookie']), /; Secure/);
    const events = await env.ctx.db.query.auditEvents.findMany();
    assert.ok(events.some((e) => e.action === 'auth.login' && e.ip === '203.0.113.7'));
  } finally {
    await env.close();
  }
});
