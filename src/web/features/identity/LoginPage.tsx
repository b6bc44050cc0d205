// Connexion: e-mail + password, then a 6-digit code when the account has 2FA (the server
// answers 401 totp_required; the form resubmits e-mail + password + code).
import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertCircle, IconCircleCheck, IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { ApiError } from '../../app/api.ts';
import { usePageTitle } from '../../app/components.tsx';
import { signInNotice, storeSession } from '../../app/session.ts';
import { EMAIL_PATTERN, identityApi, type LoginInput } from './api.ts';

type Notice = 'signedOut' | 'resetDone' | 'invitationDone' | 'sessionExpired';

export function LoginPage() {
  const { t } = useTranslation('identity');
  usePageTitle(t('login.title'));
  const queryClient = useQueryClient();
  const location = useLocation();
  const [notice] = useState<Notice | null>(() => (location.state as { notice?: Notice } | null)?.notice ?? signInNotice());

  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<{ email?: string; password?: string; code?: string }>({});
  const codeRef = useRef<HTMLInputElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);

  const login = useMutation({
    mutationFn: (input: LoginInput) => identityApi.login(input),
    meta: { authForm: true },
    onSuccess: (session) => storeSession(queryClient, session),
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'totp_required') {
        setNeedsCode(true);
        return;
      }
      if (error instanceof ApiError && error.code === 'invalid_totp') setCode('');
    },
  });

  const error = login.error instanceof ApiError && login.error.code === 'totp_required' ? null : login.error;

  useEffect(() => {
    if (needsCode) codeRef.current?.focus();
  }, [needsCode]);

  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const errors: typeof fieldErrors = {};
    if (!EMAIL_PATTERN.test(email.trim())) errors.email = t('validation.email');
    if (!password) errors.password = t('validation.required');
    if (needsCode && !/^\d{6}$/.test(code.trim())) errors.code = t('validation.code');
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    login.mutate({ email: email.trim(), password, ...(needsCode ? { totp: code.trim() } : {}) });
  }

  function switchAccount() {
    setNeedsCode(false);
    setCode('');
    setPassword('');
    login.reset();
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="login-title">
      <Stack gap="md">
        <div>
          <Title order={1} id="login-title" fz={28}>
            {t('login.title')}
          </Title>
          <Text c="dimmed">{t('login.subtitle')}</Text>
        </div>

        {notice && !error ? (
          <Alert
            color={notice === 'sessionExpired' ? 'orange' : 'green'}
            icon={notice === 'sessionExpired' ? <IconInfoCircle aria-hidden="true" /> : <IconCircleCheck aria-hidden="true" />}
            role="status"
          >
            {t(`login.${notice}`)}
          </Alert>
        ) : null}

        {error ? (
          <Alert color="red" icon={<IconAlertCircle aria-hidden="true" />} role="alert" ref={errorRef} tabIndex={-1}>
            {error.message}
          </Alert>
        ) : null}

        <TextInput
          label={t('login.email')}
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(event.currentTarget.value)}
          error={fieldErrors.email}
          readOnly={needsCode}
        />
        <PasswordInput
          label={t('login.password')}
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
          error={fieldErrors.password}
          readOnly={needsCode}
        />

        {needsCode ? (
          <>
            <Alert color="parcours" variant="light" icon={<IconInfoCircle aria-hidden="true" />} role="status">
              {t('login.totpRequested')}
            </Alert>
            <TextInput
              ref={codeRef}
              label={t('login.totp')}
              description={t('login.totpHelp')}
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              required
              value={code}
              onChange={(event) => setCode(event.currentTarget.value.replace(/\D/g, ''))}
              error={fieldErrors.code}
              styles={{ input: { letterSpacing: '0.3em', fontSize: 20, fontVariantNumeric: 'tabular-nums' } }}
            />
          </>
        ) : null}

        <Button type="submit" loading={login.isPending} fullWidth size="md">
          {needsCode ? t('login.verify') : t('login.submit')}
        </Button>

        {needsCode ? (
          <Anchor component="button" type="button" onClick={switchAccount} size="sm" ta="center">
            {t('login.changeAccount')}
          </Anchor>
        ) : (
          <Anchor component={Link} to="/mot-de-passe-oublie" size="sm" ta="center">
            {t('login.forgot')}
          </Anchor>
        )}

        {needsCode ? null : (
          <Text size="sm" ta="center" pt="xs" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
            {t('login.noAccount')}{' '}
            <Anchor component={Link} to="/demande" fw={600}>
              {t('login.makeRequest')}
            </Anchor>
          </Text>
        )}
        {/* The privacy notice is public: readable before signing in (in the page's language). */}
        <Anchor component={Link} to="/confidentialite" size="sm" ta="center" data-testid="login-privacy-link">
          {t('consent:footer.privacy')}
        </Anchor>
      </Stack>
    </form>
  );
}
