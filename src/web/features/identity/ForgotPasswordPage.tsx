// Mot de passe oublié: ask for a reset link. The answer never reveals whether the account exists.
import { Alert, Anchor, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertCircle, IconArrowLeft, IconMailCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../../app/components.tsx';
import { EMAIL_PATTERN, identityApi } from './api.ts';

export function ForgotPasswordPage() {
  const { t } = useTranslation('identity');
  usePageTitle(t('forgot.title'));
  const [email, setEmail] = useState('');
  const [emailError, setEmailError] = useState<string>();
  const request = useMutation({
    mutationFn: (address: string) => identityApi.requestPasswordReset(address),
    meta: { authForm: true },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!EMAIL_PATTERN.test(email.trim())) {
      setEmailError(t('validation.email'));
      return;
    }
    setEmailError(undefined);
    request.mutate(email.trim());
  }

  return (
    <Stack gap="md">
      <Title order={1} fz={28}>
        {t('forgot.title')}
      </Title>
      {request.isSuccess ? (
        <Alert color="green" icon={<IconMailCheck aria-hidden="true" />} role="status" title={t('forgot.sent')}>
          {t('forgot.sentHelp')}
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <Text c="dimmed">{t('forgot.intro')}</Text>
            {request.error ? (
              <Alert color="red" icon={<IconAlertCircle aria-hidden="true" />} role="alert">
                {request.error.message}
              </Alert>
            ) : null}
            <TextInput
              label={t('login.email')}
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              error={emailError}
            />
            <Button type="submit" loading={request.isPending} fullWidth size="md">
              {t('forgot.submit')}
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/connexion" size="sm" ta="center">
        <IconArrowLeft size={14} aria-hidden="true" style={{ verticalAlign: 'middle', marginInlineEnd: 4 }} />
        {t('forgot.back')}
      </Anchor>
    </Stack>
  );
}
