import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { generate } from 'otplib';
import { describeEachDatabase, PASSWORD, uniqueEmail } from '../../../test/support/app.ts';
import { startSmtp, type TestSmtp } from '../../../test/support/smtp.ts';
import { auditEvents } from '../audit/schema.ts';
import { system } from '../audit/domain.ts';
import { users } from './schema.ts';
import { createAccount } from './service.ts';

/** A TOTP code for the step after `secret`'s current one, as an app shows 30 s later (the current one may be spent). */
const nextCode = (secret: string) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });

describeEachDatabase('sign-in, lockout and audit', (env) => {
  test('a right password opens a session in an httpOnly SameSite cookie, and the sign-in is audited with the address', async () => {
    const { ctx } = env();
    const email = uniqueEmail('client');
    await createAccount(ctx, { email, displayName: 'Jeanne Test', role: 'client', password: PASSWORD }, system);
    const a = env().agent();
    const res = await a.login(email.toUpperCase(), PASSWORD);
    assert.equal(res.status, 200);
    assert.equal(res.body.user.email, email);
    const cookie = String(res.headers['set-cookie']);
    assert.match(cookie, /parcours_session=/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    const me = await a.get('/api/auth/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.user.displayName, 'Jeanne Test');
    const [event] = await ctx.db.select().from(auditEvents).where(eq(auditEvents.actorId, res.body.user.id));
    assert.equal(event?.action, 'auth.login');
    assert.equal(event?.outcome, 'success');
    assert.match(event?.ip ?? '', /^127\./);
  });

  test('a wrong password or an unknown e-mail gets the same 401 in the caller’s language, and is audited', async () => {
    const { ctx } = env();
    const email = uniqueEmail('client');
    await createAccount(ctx, { email, displayName: 'X', role: 'client', password: PASSWORD }, system);
    const wrong = await env().agent().login(email, 'not-the-password');
    const unknown = await env().agent().login(uniqueEmail('nobody'), 'whatever-password');
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.deepEqual(wrong.body, unknown.body);
    assert.equal(wrong.body.message, 'E-mail ou mot de passe incorrect.');
    const en = await env().agent().post('/api/auth/login', { email, password: 'nope-nope' }, { 'accept-language': 'en-GB,en;q=0.9' });
    assert.equal(en.body.message, 'Incorrect e-mail or password.');
    const failures = await ctx.db.select().from(auditEvents).where(eq(auditEvents.actorEmail, email));
    assert.ok(failures.some((e) => e.action === 'auth.login' && e.outcome === 'failure'));
  });

  test('five failures lock the account for a while, even for the right password, and the lock is audited', async () => {
    const { ctx } = env();
    const email = uniqueEmail('coordinator');
    const user = await createAccount(ctx, { email, displayName: 'X', role: 'client', password: PASSWORD }, system);
    const a = env().agent();
    for (let i = 0; i < 5; i++) assert.equal((await a.login(email, `wrong-${i}-password`)).status, 401);
    const locked = await env().agent().login(email, PASSWORD);
    assert.equal(locked.status, 423);
    assert.equal(locked.body.code, 'account_locked');
    assert.match(locked.body.message, /verrouillé/);
    const events = await ctx.db.select().from(auditEvents).where(eq(auditEvents.targetId, user.id));
    assert.ok(events.some((e) => e.action === 'auth.account_locked'));
    // When the lock time has passed, the right password works again.
    await ctx.db.update(users).set({ lockedUntil: new Date(Date.now() - 1000) }).where(eq(users.id, user.id));
    assert.equal((await env().agent().login(email, PASSWORD)).status, 200);
  });

  test('sign-in is rate limited per address with a French message', async () => {
    const a = env().agent();
    let last = { status: 0, body: {} as { message?: string } };
    for (let i = 0; i < 11; i++) last = await a.login(uniqueEmail('ghost'), 'whatever-password');
    assert.equal(last.status, 429);
    assert.match(String(last.body.message), /Trop de tentatives/);
  });

  test('a deactivated account cannot sign in', async () => {
    const { ctx } = env();
    const email = uniqueEmail('client');
    const user = await createAccount(ctx, { email, displayName: 'X', role: 'client', password: PASSWORD }, system);
    await ctx.db.update(users).set({ active: false }).where(eq(users.id, user.id));
    const res = await env().agent().login(email, PASSWORD);
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'account_inactive');
  });
});

describeEachDatabase('two-factor authentication', (env) => {
  test('staff must enrol TOTP before anything else, then sign in with a code; a code is never accepted twice', async () => {
    const { ctx } = env();
    const email = uniqueEmail('advisor');
    await createAccount(ctx, { email, displayName: 'Conseillère', role: 'advisor', password: PASSWORD }, system);
    const a = env().agent();
    const first = await a.login(email, PASSWORD);
    assert.equal(first.status, 200);
    assert.equal(first.body.user.mustEnrolTotp, true);
    const blocked = await a.get('/api/admin/users');
    assert.equal(blocked.status, 403);
    assert.equal(blocked.body.code, 'totp_enrolment_required');

    const setup = await a.post('/api/auth/totp/setup');
    assert.equal(setup.status, 200);
    assert.match(setup.body.otpauthUrl, /^otpauth:\/\/totp\/Parcours/);
    assert.match(setup.body.qrDataUrl, /^data:image\/png;base64,/);
    const secret: string = setup.body.secret;
    assert.equal((await a.post('/api/auth/totp/enable', { code: '000000' })).status, 400);
    const enabled = await a.post('/api/auth/totp/enable', { code: await generate({ secret }) });
    assert.equal(enabled.status, 200);
    assert.equal(enabled.body.user.totpEnabled, true);
    assert.equal((await a.get('/api/admin/users')).status, 200);

    // The secret is sealed at rest: the database never holds it in clear.
    const [row] = await ctx.db.select().from(users).where(eq(users.email, email));
    assert.ok(row?.totpSecret && !row.totpSecret.includes(secret));

    assert.equal((await a.post('/api/auth/logout')).status, 204);
    assert.equal((await a.get('/api/auth/me')).status, 401);

    const b = env().agent();
    const needCode = await b.login(email, PASSWORD);
    assert.equal(needCode.status, 401);
    assert.equal(needCode.body.code, 'totp_required');
    const code = await nextCode(secret);
    assert.equal((await b.login(email, PASSWORD, code)).status, 200);
    const replay = await env().agent().login(email, PASSWORD, code);
    assert.equal(replay.status, 401);
    assert.equal(replay.body.code, 'invalid_totp');

    const events = (await ctx.db.select().from(auditEvents).where(eq(auditEvents.actorEmail, email))).map((e) => e.action);
    assert.ok(events.includes('auth.totp.enabled'));
    assert.ok(events.includes('auth.logout'));
  });

  test('a client may turn 2FA off with the password; staff may not', async () => {
    const client = await env().signedIn('client');
    const setup = await client.post('/api/auth/totp/setup');
    assert.equal((await client.post('/api/auth/totp/enable', { code: await generate({ secret: setup.body.secret }) })).status, 200);
    assert.equal((await client.post('/api/auth/totp/disable', { password: 'wrong-password!' })).status, 400);
    const off = await client.post('/api/auth/totp/disable', { password: PASSWORD });
    assert.equal(off.status, 200);
    assert.equal(off.body.user.totpEnabled, false);

    const advisor = await env().signedIn('advisor');
    const refused = await advisor.post('/api/auth/totp/disable', { password: PASSWORD });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.code, 'totp_required_for_role');
  });
});

describeEachDatabase('sessions and passwords', (env) => {
  test('the sessions list marks the current one; “sign out everywhere else” ends the others', async () => {
    const a = await env().signedIn('client');
    const b = env().agent();
    assert.equal((await b.login(a.email, a.password)).status, 200);
    const list = await a.get('/api/auth/sessions');
    assert.equal(list.body.sessions.length, 2);
    assert.equal(list.body.sessions.filter((s: { current: boolean }) => s.current).length, 1);
    const revoked = await a.post('/api/auth/sessions/revoke-others');
    assert.equal(revoked.body.revoked, 1);
    assert.equal((await b.get('/api/auth/me')).status, 401);
    assert.equal((await a.get('/api/auth/me')).status, 200);
  });

  test('one session can be ended from another', async () => {
    const a = await env().signedIn('client');
    const b = env().agent();
    await b.login(a.email, a.password);
    const other = (await a.get('/api/auth/sessions')).body.sessions.find((s: { current: boolean }) => !s.current);
    assert.equal((await a.request('DELETE', `/api/auth/sessions/${other.id}`)).status, 204);
    assert.equal((await b.get('/api/auth/me')).status, 401);
  });

  test('changing the password checks the current one and the policy, then signs out the other sessions', async () => {
    const a = await env().signedIn('client');
    const b = env().agent();
    await b.login(a.email, a.password);
    const wrong = await a.post('/api/auth/password', { currentPassword: 'nope-nope-nope', newPassword: 'Un-nouveau-mot-2026' });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.fields[0].path, 'currentPassword');
    const weak = await a.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'court' });
    assert.equal(weak.status, 400);
    assert.match(weak.body.fields[0].message, /au moins 12 caractères/);
    assert.equal((await a.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'Un-nouveau-mot-2026' })).status, 204);
    assert.equal((await b.get('/api/auth/me')).status, 401);
    assert.equal((await a.get('/api/auth/me')).status, 200);
    assert.equal((await env().agent().login(a.email, 'Un-nouveau-mot-2026')).status, 200);
  });

  test('state-changing requests need the session’s CSRF token and the same origin', async () => {
    const a = await env().signedIn('client');
    const noToken = await a.request('POST', '/api/auth/sessions/revoke-others', {}, { 'x-csrf-token': '' });
    assert.equal(noToken.status, 403);
    assert.equal(noToken.body.code, 'csrf_failed');
    const crossSite = await a.request('POST', '/api/auth/sessions/revoke-others', {}, { origin: 'https://evil.example' });
    assert.equal(crossSite.status, 403);
    assert.equal(crossSite.body.code, 'cross_origin');
    const login = await env().agent().request('POST', '/api/auth/login', { email: a.email, password: a.password }, { 'sec-fetch-site': 'cross-site' });
    assert.equal(login.status, 403);
  });
});

let smtp: TestSmtp;
before(async () => {
  smtp = await startSmtp();
});
after(() => smtp.close());

describeEachDatabase(
  'password reset and invitations by e-mail (real SMTP)',
  (env) => {
    test('a reset link arrives by e-mail, works once, and signs out every session', async () => {
      const a = await env().signedIn('client');
      assert.equal((await env().agent().post('/api/auth/password-reset/request', { email: a.email })).status, 202);
      const mail = await smtp.waitFor(a.email);
      assert.equal(mail.subject, 'Parcours — réinitialisation de votre mot de passe');
      const link = /https:\/\/parcours\.test\/reinitialiser\?token=([\w-]+)/.exec(mail.text ?? '');
      assert.ok(link?.[1], 'the mail carries a reset link');
      const token = link[1];

      const weak = await env().agent().post('/api/auth/password-reset/confirm', { token, newPassword: 'aaaaaaaaaaaaaaa' });
      assert.equal(weak.body.code, 'password_too_simple');
      const ok = await env().agent().post('/api/auth/password-reset/confirm', { token, newPassword: 'Reinitialise-2026!' });
      assert.equal(ok.status, 204, 'a rejected weak password did not burn the link');
      const again = await env().agent().post('/api/auth/password-reset/confirm', { token, newPassword: 'Encore-une-fois-2026' });
      assert.equal(again.status, 400);
      assert.equal(again.body.code, 'reset_token_invalid');
      assert.equal((await a.get('/api/auth/me')).status, 401);
      assert.equal((await env().agent().login(a.email, 'Reinitialise-2026!')).status, 200);
      const [row] = await env().ctx.db.select().from(auditEvents).where(eq(auditEvents.action, 'auth.password.reset'));
      assert.equal(row?.outcome, 'success');
    });

    test('asking a reset for an unknown address answers the same and sends nothing', async () => {
      const ghost = uniqueEmail('ghost');
      const res = await env().agent().post('/api/auth/password-reset/request', { email: ghost });
      assert.equal(res.status, 202);
      await assert.rejects(smtp.waitFor(ghost, 300));
    });

    test('an admin creates an account; the invitation mail lets the person choose a password', async () => {
      const admin = await env().signedIn('admin');
      const email = uniqueEmail('new.coordinator');
      const created = await admin.post('/api/admin/users', { email, displayName: 'Nora Nouvelle', role: 'coordinator' });
      assert.equal(created.status, 201);
      const duplicate = await admin.post('/api/admin/users', { email, displayName: 'Again', role: 'client' });
      assert.equal(duplicate.status, 409);
      const mail = await smtp.waitFor(email);
      assert.match(mail.subject ?? '', /compte a été créé/);
      const token = /token=([\w-]+)/.exec(mail.text ?? '')?.[1];
      assert.ok(token);
      assert.equal((await env().agent().post('/api/auth/password-reset/confirm', { token, newPassword: 'Mon-premier-mot-2026' })).status, 204);
      const signin = await env().agent().login(email, 'Mon-premier-mot-2026');
      assert.equal(signin.status, 200);
      assert.equal(signin.body.user.mustEnrolTotp, true);
      const outbox = await admin.get('/api/admin/outbox');
      const sent = outbox.body.messages.find((m: { to: string }) => m.to === email);
      assert.equal(sent.status, 'sent');
      assert.equal(outbox.body.smtpConfigured, true);
    });
  },
  { smtp: () => smtp.url },
);

describeEachDatabase('account administration', (env) => {
  test('without SMTP, the invitation waits in the outbox that an admin reads', async () => {
    const admin = await env().signedIn('admin');
    const email = uniqueEmail('invitee');
    await admin.post('/api/admin/users', { email, displayName: 'Invitée', role: 'client' });
    const outbox = await admin.get('/api/admin/outbox');
    assert.equal(outbox.body.smtpConfigured, false);
    const message = outbox.body.messages.find((m: { to: string }) => m.to === email);
    assert.equal(message.status, 'outbox');
    assert.match(message.textBody, /reinitialiser\?token=/);
  });

  test('deactivating an account or changing its role ends its sessions; an admin cannot demote themself', async () => {
    const admin = await env().signedIn('admin');
    const target = await env().signedIn('coordinator');
    const me = (await target.get('/api/auth/me')).body.user;
    const promoted = await admin.request('PATCH', `/api/admin/users/${me.id}`, { role: 'advisor' });
    assert.equal(promoted.status, 200);
    assert.equal(promoted.body.user.role, 'advisor');
    assert.equal((await target.get('/api/auth/me')).status, 401);
    assert.equal((await admin.request('PATCH', `/api/admin/users/${me.id}`, { active: false })).body.user.active, false);
    const list = await admin.get('/api/admin/users?active=false');
    assert.ok(list.body.users.some((u: { id: string }) => u.id === me.id));
    const self = (await admin.get('/api/auth/me')).body.user;
    const demote = await admin.request('PATCH', `/api/admin/users/${self.id}`, { role: 'client' });
    assert.equal(demote.status, 409);
    const unknown = await admin.request('PATCH', '/api/admin/users/00000000-0000-4000-8000-000000000000', { active: false });
    assert.equal(unknown.status, 404);
    const events = await env().ctx.db.select().from(auditEvents).where(eq(auditEvents.targetId, me.id));
    const update = events.find((e) => e.action === 'users.updated');
    assert.deepEqual((update?.details as { changes: unknown } | undefined)?.changes, { role: { from: 'coordinator', to: 'advisor' } });
  });

  test('an admin resets a lost second factor: the person enrols again at next sign-in', async () => {
    const admin = await env().signedIn('admin');
    const target = await env().signedIn('practitioner');
    const me = (await target.get('/api/auth/me')).body.user;
    const reset = await admin.post(`/api/admin/users/${me.id}/reset-totp`);
    assert.equal(reset.body.user.totpEnabled, false);
    const again = await env().agent().login(target.email, target.password);
    assert.equal(again.status, 200);
    assert.equal(again.body.user.mustEnrolTotp, true);
  });
});
