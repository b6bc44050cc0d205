// Réinitialiser: choose a new password from the link received by e-mail (?token=…).
import { Alert, Anchor, Button, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, shownOnFields } from '../../app/api.ts';
import { usePageTitle } from '../../app/components.tsx';
import { identityApi, MIN_PASSWORD_LENGTH } from './api.ts';

export function ResetPasswordPage() {
  const { t } = useTranslation('identity');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const invitation = params.get('invitation') === '1';
  const title = invitation ? t('reset.invitationTitle') : t('reset.title');
  const navigate = useNavigate();
  usePageTitle(title);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ password?: string; confirm?: string }>({});

  const reset = useMutation({
    mutationFn: () => identityApi.confirmPasswordReset(token, password),
    meta: { authForm: true },
    onSuccess: () => navigate('/connexion', { replace: true, state: { notice: invitation ? 'invitationDone' : 'resetDone' } }),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const next: typeof errors = {};
    if (password.length < MIN_PASSWORD_LENGTH) next.password = t('validation.passwordLength');
    if (confirm !== password) next.confirm = t('validation.passwordMismatch');
    setErrors(next);
    if (Object.keys(next).length === 0) reset.mutate();
  }

  const serverError = reset.error instanceof ApiError ? reset.error : null;

  return (
    <Stack gap="md">
      <Title order={1} fz={28}>
        {title}
      </Title>
      {!token ? (
        <>
          <Alert color="orange" icon={<IconAlertCircle aria-hidden="true" />} role="alert">
            {t('reset.missingToken')}
          </Alert>
          <Anchor component={Link} to="/mot-de-passe-oublie" size="sm">
            {t('reset.requestNew')}
          </Anchor>
        </>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <Text c="dimmed">{invitation ? t('reset.invitationIntro') : t('reset.intro')}</Text>
            {reset.error && !shownOnFields(reset.error, ['newPassword']) ? (
              <Alert color="red" icon={<IconAlertCircle aria-hidden="true" />} role="alert">
                {reset.error.message}
              </Alert>
            ) : null}
            <PasswordInput
              label={t('reset.newPassword')}
              description={t('reset.rule')}
              autoComplete="new-password"
              required
              minLength={MIN_PASSWORD_LENGTH}
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              error={errors.password ?? serverError?.fieldMessage('newPassword')}
            />
            <PasswordInput
              label={t('reset.confirmPassword')}
              autoComplete="new-password"
              required
              value={confirm}
              onChange={(event) => setConfirm(event.currentTarget.value)}
              error={errors.confirm}
            />
            <Button type="submit" loading={reset.isPending} fullWidth size="md">
              {invitation ? t('reset.invitationSubmit') : t('reset.submit')}
            </Button>
            <Anchor component={Link} to="/mot-de-passe-oublie" size="sm" ta="center">
              {t('reset.requestNew')}
            </Anchor>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
