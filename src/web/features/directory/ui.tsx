// Pieces shared by the directory pages: labels (specialties, sectors, kinds), money and rating
// formats, the network/verification badges, and the reviews section of practitioners and providers.
import { Badge, Button, Group, Paper, Rating, Stack, Text, Textarea } from '@mantine/core';
import { IconCircleCheck, IconClockExclamation, IconMessagePlus, IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import type { UseMutationResult } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, SectionCard } from '../../app/components.tsx';
import { formatCalendarDate, formatDateTime } from '../../app/format.ts';
import { currentLanguage } from '../../app/i18n.ts';
import { notifySuccess } from '../../app/notify.ts';
import type { NetworkStatus, NewReview, Place, Practitioner, Rating as RatingValue, Review, VerificationStatus } from './api.ts';

const locale = () => (currentLanguage() === 'en' ? 'en-GB' : 'fr-FR');

/** Cents as euros, "45,00 €" (fr) or "€45.00" (en). */
export function formatEuros(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '—';
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** A mean rating with at most one decimal: "4,5" (fr), "4.5" (en), "4". */
export function formatMean(mean: number): string {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(mean);
}

export function useDirectoryLabels() {
  const { t } = useTranslation('directory');
  return {
    specialty: (code: string) => t(`specialties.${code}`, { defaultValue: code }),
    specialties: (codes: readonly string[]) => codes.map((code) => t(`specialties.${code}`, { defaultValue: code })).join(', '),
    language: (code: string) => t(`languages.${code}`, { defaultValue: code }),
    languages: (codes: readonly string[]) => codes.map((code) => t(`languages.${code}`, { defaultValue: code })).join(', '),
    sector: (code: string | null) => (code ? t(`sectors.${code}`, { defaultValue: code }) : null),
  };
}

/** "4,5/5 (3 avis)" or "Aucun avis": the mean is shown only when there are reviews. */
export function RatingText({ rating, size = 'sm' }: { rating: RatingValue; size?: 'xs' | 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation('directory');
  if (rating.count === 0 || rating.mean === null)
    return (
      <Text size={size} c="dimmed" span>
        {t('rating.none')}
      </Text>
    );
  return (
    <Text size={size} span style={{ whiteSpace: 'nowrap' }} data-testid="rating-summary">
      {t('rating.summary', { mean: formatMean(rating.mean), count: rating.count })}
    </Text>
  );
}

const VERIFICATION_COLORS: Record<VerificationStatus, string> = { none: 'gray', valid: 'green', expiring: 'orange', expired: 'red' };

export function VerificationBadge({ verification }: { verification: Practitioner['verification'] }) {
  const { t } = useTranslation('directory');
  const Icon = verification.status === 'valid' ? IconShieldCheck : verification.status === 'none' ? null : verification.status === 'expired' ? IconShieldX : IconClockExclamation;
  return (
    <Badge
      variant={verification.status === 'none' ? 'outline' : 'light'}
      color={VERIFICATION_COLORS[verification.status]}
      leftSection={Icon ? <Icon size={12} aria-hidden="true" /> : undefined}
      styles={{ label: { textTransform: 'none' } }}
    >
      {t(`verification.${verification.status}`, { date: formatCalendarDate(verification.expiresOn) })}
    </Badge>
  );
}

export function NetworkBadge({ status }: { status: NetworkStatus }) {
  const { t } = useTranslation('directory');
  if (status !== 'partner') return null;
  return (
    <Badge color="parcours" variant="filled" leftSection={<IconCircleCheck size={12} aria-hidden="true" />}>
      {t('network.partner')}
    </Badge>
  );
}

/** Partner badge and, for partners or anyone once checked, the verification status. */
export function NetworkCell({ practitioner }: { practitioner: Practitioner }) {
  const { t } = useTranslation('directory');
  const verified = practitioner.verification.status !== 'none';
  if (practitioner.networkStatus !== 'partner' && !verified)
    return (
      <Text size="sm" c="dimmed">
        {t('network.none')}
      </Text>
    );
  return (
    <Stack gap={4} align="flex-start">
      <NetworkBadge status={practitioner.networkStatus} />
      <VerificationBadge verification={practitioner.verification} />
    </Stack>
  );
}

/** "12 rue des Lilas, 75011 Paris". */
export function placeAddress(place: Pick<Place, 'street' | 'postalCode' | 'city'>): string {
  return [place.street, [place.postalCode, place.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

/** "48.8566, 2.3522". */
export function formatCoordinates(latitude: number | null, longitude: number | null): string | null {
  if (latitude === null || longitude === null) return null;
  const format = new Intl.NumberFormat(locale(), { maximumFractionDigits: 5 });
  return `${format.format(latitude)} ; ${format.format(longitude)}`;
}

function ReviewForm({ mutation, onDone }: { mutation: UseMutationResult<unknown, Error, NewReview>; onDone: () => void }) {
  const { t } = useTranslation('directory');
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (rating < 1) {
      setMissing(true);
      return;
    }
    mutation.mutate(
      { rating, ...(comment.trim() ? { comment: comment.trim() } : {}) },
      {
        onSuccess: () => {
          notifySuccess(t('reviews.saved'));
          setRating(0);
          setComment('');
          onDone();
        },
      },
    );
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-labelledby="review-form-title">
      <Stack gap="sm">
        <Text fw={600} id="review-form-title">
          {t('reviews.add')}
        </Text>
        <ErrorAlert error={mutation.error} />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="review-rating-label">
            {t('reviews.rating')}
          </Text>
          <div role="radiogroup" aria-labelledby="review-rating-label" aria-describedby={missing ? 'review-rating-error' : undefined}>
            <Rating
              value={rating}
              onChange={(value) => {
                setRating(value);
                setMissing(false);
              }}
              size="lg"
              name="review-rating"
              getSymbolLabel={(index) => t('rating.stars', { mean: index })}
            />
          </div>
          {missing ? (
            <Text size="xs" c="red.8" id="review-rating-error" role="alert">
              {t('reviews.ratingRequired')}
            </Text>
          ) : null}
        </Stack>
        <Textarea label={t('reviews.comment')} value={comment} onChange={(event) => setComment(event.currentTarget.value)} autosize minRows={2} maxLength={2000} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t('common:actions.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** Count and mean (never a made-up number), the reviews, and the team's feedback form. */
export function ReviewsSection({ rating, reviews, mutation }: { rating: RatingValue; reviews: Review[]; mutation: UseMutationResult<unknown, Error, NewReview> }) {
  const { t } = useTranslation('directory');
  const [adding, setAdding] = useState(false);
  return (
    <SectionCard
      title={t('reviews.title')}
      id="directory-reviews"
      actions={
        adding ? null : (
          <Button variant="light" size="xs" leftSection={<IconMessagePlus size={16} aria-hidden="true" />} onClick={() => setAdding(true)}>
            {t('reviews.add')}
          </Button>
        )
      }
    >
      <Stack gap="md">
        <Group gap="sm">
          {rating.count > 0 && rating.mean !== null ? <Rating value={rating.mean} fractions={10} readOnly aria-hidden="true" /> : null}
          <RatingText rating={rating} size="md" />
        </Group>
        {adding ? (
          <ReviewForm
            mutation={mutation}
            onDone={() => {
              setAdding(false);
              mutation.reset();
            }}
          />
        ) : null}
        {reviews.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('reviews.none')}
          </Text>
        ) : (
          <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
            {reviews.map((review) => (
              <Paper component="li" key={review.id} withBorder p="sm">
                <Group justify="space-between" gap="xs" align="flex-start">
                  <Group gap="xs">
                    <Text fw={700} size="sm">
                      {t('reviews.outOf', { rating: review.rating })}
                    </Text>
                    <Rating value={review.rating} readOnly size="sm" aria-hidden="true" />
                    <Badge variant="light" color={review.source === 'staff' ? 'parcours' : 'grape'} size="sm">
                      {t(`reviews.sources.${review.source}`)}
                    </Badge>
                  </Group>
                  <Text size="xs" c="dimmed">
                    {review.author?.name ?? t('reviews.anonymous')} · {formatDateTime(review.createdAt)}
                  </Text>
                </Group>
                {review.comment ? (
                  <Text size="sm" mt={4} className="pre-wrap">
                    {review.comment}
                  </Text>
                ) : null}
              </Paper>
            ))}
          </Stack>
        )}
      </Stack>
    </SectionCard>
  );
}
