// /avis/:token — the satisfaction survey a client opens from an e-mail or SMS, without signing in,
// usually on a phone: stars for satisfaction (CSAT 1–5), 0–10 for recommendation (NPS), an optional
// comment. One answer per link; an used, expired or wrong link says so plainly.
import { Alert, Button, Center, Chip, Group, Loader, Rating, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconCircleCheck, IconClockX, IconSend } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert, usePageTitle } from '../../app/components.tsx';
import { formatDate } from '../../app/format.ts';
import { followupApi, publicSurveyKey } from './api.ts';

const COMMENT_MAX = 2000;
const NPS_SCORES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10'] as const;

function Invalid({ message }: { message: string }) {
  const { t } = useTranslation('followup');
  return (
    <Alert color="orange" role="alert" icon={<IconClockX aria-hidden="true" />} title={t('public.invalidTitle')} data-testid="survey-invalid">
      {message}
    </Alert>
  );
}

export function PublicSurveyPage() {
  const { t } = useTranslation('followup');
  const { token = '' } = useParams();
  usePageTitle(t('public.title'));
  const [csat, setCsat] = useState(0);
  const [nps, setNps] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<{ csat?: string; nps?: string }>({});
  const query = useQuery({ queryKey: publicSurveyKey(token), queryFn: () => followupApi.publicSurvey(token), retry: false, enabled: Boolean(token) });
  const answer = useMutation({ mutationFn: () => followupApi.answer(token, { csat, nps: Number(nps), ...(comment.trim() ? { comment: comment.trim() } : {}) }) });

  function submit(event: FormEvent) {
    event.preventDefault();
    const next = { ...(csat < 1 ? { csat: t('public.pick') } : {}), ...(nps === null ? { nps: t('public.pick') } : {}) };
    setErrors(next);
    if (Object.keys(next).length === 0) answer.mutate();
  }

  let body: ReactNode;
  const refused = answer.error instanceof ApiError && (answer.error.status === 409 || answer.error.status === 410) ? answer.error : null;
  if (answer.data)
    body = (
      <Alert color="green" role="status" icon={<IconCircleCheck aria-hidden="true" />} title={t('public.thanks')} data-testid="survey-thanks">
        {answer.data.negative ? t('public.sorry') : t('public.thanksText')}
      </Alert>
    );
  else if (refused) body = <Invalid message={refused.message} />;
  else if (query.isPending && token)
    body = (
      <Center py="xl" role="status">
        <Loader aria-label={t('common:loading')} />
      </Center>
    );
  else if (!token || (query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 400))) body = <Invalid message={t('public.invalid')} />;
  else if (query.isError) body = <ErrorAlert error={query.error} />;
  else if (query.data && query.data.state !== 'open') body = <Invalid message={t(`public.${query.data.state}`)} />;
  else if (query.data) {
    const csatHintId = 'survey-csat-hint';
    body = (
      <form onSubmit={submit} noValidate>
        <Stack gap="lg">
          <div>
            {query.data.firstName ? <Text>{t('public.hello', { name: query.data.firstName })}</Text> : null}
            <Text>{t('public.intro')}</Text>
          </div>
          {answer.error ? <ErrorAlert error={answer.error} /> : null}
          <fieldset style={{ border: 0, padding: 0, margin: 0 }} aria-describedby={csatHintId}>
            <Text component="legend" fw={600} mb={4}>
              {t('public.csat')} <span aria-hidden="true">*</span>
            </Text>
            <Text id={csatHintId} size="sm" c="dimmed" mb="xs">
              {t('public.csatHint')}
            </Text>
            <Rating value={csat} onChange={(v) => { setCsat(v); setErrors((e) => ({ ...e, csat: undefined })); }} size="xl" count={5} getSymbolLabel={(value) => t('public.star', { count: value })} data-testid="survey-csat" />
            {errors.csat ? (
              <Text c="red" size="sm" role="alert" mt={4}>
                {errors.csat}
              </Text>
            ) : null}
          </fieldset>
          <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
            <Text component="legend" fw={600} mb={4}>
              {t('public.nps')} <span aria-hidden="true">*</span>
            </Text>
            <Text size="sm" c="dimmed" mb="xs">
              {t('public.npsHint')}
            </Text>
            <Chip.Group multiple={false} value={nps} onChange={(v) => { setNps(v); setErrors((e) => ({ ...e, nps: undefined })); }}>
              <Group gap={6} data-testid="survey-nps">
                {NPS_SCORES.map((score) => (
                  <Chip key={score} value={score} size="md" radius="sm" variant="outline">
                    {score}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
            {errors.nps ? (
              <Text c="red" size="sm" role="alert" mt={4}>
                {errors.nps}
              </Text>
            ) : null}
          </fieldset>
          <Textarea
            label={t('public.comment')}
            description={t('public.commentHint')}
            value={comment}
            onChange={(event) => setComment(event.currentTarget.value.slice(0, COMMENT_MAX))}
            autosize
            minRows={3}
            maxLength={COMMENT_MAX}
          />
          <Button type="submit" size="md" loading={answer.isPending} leftSection={<IconSend size={18} aria-hidden="true" />} w={{ base: '100%', sm: 'fit-content' }}>
            {t('public.send')}
          </Button>
          <Text size="xs" c="dimmed">
            {t('public.expires', { date: formatDate(query.data.expiresAt) })}
          </Text>
        </Stack>
      </form>
    );
  }

  return (
    <Stack gap="lg">
      <Title order={1} fz={{ base: 24, sm: 28 }}>
        {t('public.title')}
      </Title>
      {body}
    </Stack>
  );
}
