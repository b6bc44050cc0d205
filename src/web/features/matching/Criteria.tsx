// The reasons of a score: one line per criterion (label, sentence, points), a small bar of what
// the criterion brought against what it could have brought, and its weight. Criteria that do not
// apply to the query are greyed "non pris en compte".
import { Group, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Criterion } from './api.ts';
import { criterionBar, pointsText, reasonText } from './reasons.ts';

/** "Distance : à 3,2 km (max 30 km) — +27 pts" or "Disponibilité : non pris en compte (…)". */
export function useCriterionSentence(): (criterion: Criterion) => string {
  const { t } = useTranslation('matching');
  return (criterion) => {
    const label = `${t(`criteria.${criterion.key}`)}${t('common:colon')}`;
    const reason = reasonText(criterion, t);
    if (criterion.value === null) return `${label}${t('results.notCounted')} (${reason})`;
    return `${label}${reason} — ${pointsText(criterion.points, t)}`;
  };
}

export function CriteriaList({ criteria, testId }: { criteria: readonly Criterion[]; testId?: string }) {
  const { t } = useTranslation('matching');
  const sentence = useCriterionSentence();
  return (
    <Stack component="ul" gap={8} p={0} m={0} style={{ listStyle: 'none' }} data-testid={testId}>
      {criteria.map((criterion) => {
        const off = criterion.value === null;
        const bar = criterionBar(criterion, criteria);
        const text = sentence(criterion);
        return (
          <li key={criterion.key} data-criterion={criterion.key} data-counted={off ? 'false' : 'true'}>
            <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start" mb={2}>
              <Text size="sm" c={off ? 'dimmed' : undefined} fs={off ? 'italic' : undefined} lh={1.35}>
                {text}
              </Text>
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                {t('results.weight', { weight: criterion.weight })}
              </Text>
            </Group>
            <Progress
              value={bar}
              size="sm"
              color={off ? 'gray.3' : 'parcours'}
              bg={off ? 'gray.1' : undefined}
              aria-label={text}
            />
          </li>
        );
      })}
    </Stack>
  );
}
