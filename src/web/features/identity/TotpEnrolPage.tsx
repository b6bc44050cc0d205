// Double authentification: scan the QR code (or type the key), confirm with a code, done.
// Staff and professional roles are sent here until they have enrolled (user.mustEnrolTotp).
import {
  Alert,
  Anchor,
  Box,
  Button,
  Center,
  CopyButton,
  Group,
  Image,
  Loader,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAlertCircle, IconArrowLeft, IconCheck, IconCopy, IconShieldLock } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError, errorMessage } from '../../app/api.ts';
import { usePageTitle } from '../../app/components.tsx';
import { notifySuccess } from '../../app/notify.ts';
import { storeUser, useUser } from '../../app/session.ts';
import { identityApi } from './api.ts';

export function TotpEnrolPage() {
  const { t } = useTranslation('identity');
  usePageTitle(t('totp.title'));
  const user = useUser();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string>();
  const errorRef = useRef<HTMLDivElement>(null);
  const alreadyEnabled = user.totpEnabled && !user.mustEnrolTotp;

  // A new secret each time the page opens; deduplicated so that React's double effects in
  // development cannot create two secrets.
  const setup = useQuery({
    queryKey: ['auth', 'totp-setup', user.id],
    queryFn: () => identityApi.totpSetup(),
    enabled: !alreadyEnabled,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    retry: false,
  });

  const enable = useMutation({
    mutationFn: (value: string) => identityApi.totpEnable(value),
    meta: { authForm: true },
    onSuccess: ({ user: updated }) => {
      storeUser(queryClient, updated);
      queryClient.removeQueries({ queryKey: ['auth', 'totp-setup'] });
      notifySuccess(t('totp.enabled'));
      navigate('/', { replace: true });
    },
    onError: () => setCode(''),
  });

  useEffect(() => {
    if (enable.error) errorRef.current?.focus();
  }, [enable.error]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!/^\d{6}$/.test(code)) {
      setCodeError(t('validation.code'));
      return;
    }
    setCodeError(undefined);
    enable.mutate(code);
  }

  return (
    <Stack gap="lg">
      <Group gap="sm" wrap="nowrap">
        <IconShieldLock size={32} aria-hidden="true" color="var(--mantine-color-parcours-7)" />
        <Title order={1} fz={{ base: 24, sm: 28 }}>
          {t('totp.title')}
        </Title>
      </Group>

      {user.mustEnrolTotp ? (
        <Alert color="orange" variant="light" title={t('totp.required')} icon={<IconAlertCircle aria-hidden="true" />}>
          {t('totp.requiredText')}
        </Alert>
      ) : (
        <Text c="dimmed">{t('totp.optionalText')}</Text>
      )}

      {alreadyEnabled ? (
        <Alert color="green" role="status">
          {t('totp.alreadyEnabled')}
        </Alert>
      ) : setup.isPending ? (
        <Center py="xl" role="status" aria-live="polite">
          <Loader aria-label={t('common:loading')} />
        </Center>
      ) : setup.isError ? (
        <Alert color="red" title={t('totp.setupFailed')} role="alert">
          <Stack gap="xs">
            <Text size="sm">{errorMessage(setup.error)}</Text>
            <Button size="xs" variant="white" color="red" w="fit-content" onClick={() => void setup.refetch()}>
              {t('common:actions.retry')}
            </Button>
          </Stack>
        </Alert>
      ) : (
        <>
          <Stack gap="sm">
            <Text fw={600}>1. {t('totp.step1')}</Text>
            <Group align="flex-start" gap="lg" wrap="wrap">
              <Paper withBorder p="xs" bg="white" style={{ lineHeight: 0 }}>
                <Image
                  src={setup.data.qrDataUrl}
                  alt={t('totp.qrAlt', { email: user.email })}
                  w={196}
                  h={196}
                  fit="contain"
                />
              </Paper>
              <Stack gap={6} style={{ flex: '1 1 220px', minWidth: 0 }}>
                <Text fw={600} id="totp-secret-label">
                  {t('totp.manualKey')}
                </Text>
                <Box
                  component="output"
                  aria-labelledby="totp-secret-label"
                  data-testid="totp-secret"
                  className="totp-secret"
                  p="xs"
                  bg="gray.1"
                  fz="md"
                  style={{ borderRadius: 6, display: 'block' }}
                >
                  {setup.data.secret}
                </Box>
                <Text size="xs" c="dimmed">
                  {t('totp.manualKeyHelp')}
                </Text>
                <CopyButton value={setup.data.secret}>
                  {({ copied, copy }) => (
                    <Button
                      variant="default"
                      size="xs"
                      w="fit-content"
                      onClick={copy}
                      leftSection={copied ? <IconCheck size={14} aria-hidden="true" /> : <IconCopy size={14} aria-hidden="true" />}
                    >
                      {copied ? t('totp.copied') : t('totp.copy')}
                    </Button>
                  )}
                </CopyButton>
              </Stack>
            </Group>
          </Stack>

          <form onSubmit={submit} noValidate>
            <Stack gap="sm">
              <Text fw={600}>2. {t('totp.step2')}</Text>
              {enable.error ? (
                <Alert color="red" icon={<IconAlertCircle aria-hidden="true" />} role="alert" ref={errorRef} tabIndex={-1}>
                  {enable.error instanceof ApiError ? enable.error.message : errorMessage(enable.error)}
                </Alert>
              ) : null}
              <Group align="flex-end" gap="sm" wrap="wrap">
                <TextInput
                  label={t('totp.code')}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  pattern="[0-9]{6}"
                  maxLength={6}
                  required
                  value={code}
                  onChange={(event) => setCode(event.currentTarget.value.replace(/\D/g, ''))}
                  error={codeError}
                  w={200}
                  styles={{ input: { letterSpacing: '0.3em', fontSize: 20, fontVariantNumeric: 'tabular-nums' } }}
                />
                <Button type="submit" loading={enable.isPending} size="md">
                  {t('totp.submit')}
                </Button>
              </Group>
            </Stack>
          </form>
        </>
      )}

      {!user.mustEnrolTotp ? (
        <Anchor component={Link} to="/compte" size="sm">
          <IconArrowLeft size={14} aria-hidden="true" style={{ verticalAlign: 'middle', marginInlineEnd: 4 }} />
          {t('totp.backToAccount')}
        </Anchor>
      ) : null}
    </Stack>
  );
}
