// Mantine theme: a calm blue-teal primary colour, WCAG AA contrasts (white text on the filled
// primary is 5.3:1; status colours for light badges are darkened to stay above 4.5:1).
import { type CSSVariablesResolver, type MantineColorsTuple, createTheme, DEFAULT_THEME } from '@mantine/core';

const parcours: MantineColorsTuple = [
  '#e7f5f8',
  '#cfe9ef',
  '#9fd2de',
  '#6bbacc',
  '#41a6bc',
  '#2699b2',
  '#0f8aa6',
  '#0a7590',
  '#06647c',
  '#035266',
];

function darkenLast(tuple: MantineColorsTuple, last: string): MantineColorsTuple {
  return [...tuple.slice(0, 9), last] as unknown as MantineColorsTuple;
}

const baseTheme = createTheme({
  primaryColor: 'parcours',
  primaryShade: { light: 7, dark: 5 },
  colors: {
    parcours,
    green: darkenLast(DEFAULT_THEME.colors.green, '#1e6b30'),
    orange: darkenLast(DEFAULT_THEME.colors.orange, '#a63a0a'),
    red: darkenLast(DEFAULT_THEME.colors.red, '#a61e1e'),
  },
  fontFamily:
    'Inter, "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '650' },
  defaultRadius: 'md',
  focusRing: 'auto',
  cursorType: 'pointer',
  components: {
    Button: { defaultProps: { radius: 'md' } },
    Paper: { defaultProps: { radius: 'md' } },
    Badge: { defaultProps: { radius: 'sm' }, styles: { root: { textTransform: 'none', letterSpacing: 0, minWidth: 'max-content', flexShrink: 0 } } },
  },
});

export interface ThemeLabels {
  closeDialog: string;
  closeNotification: string;
  clear: string;
  togglePassword: string;
}

/** The theme, with accessible names (in the UI language) for Mantine's icon-only buttons. */
export function buildTheme(labels: ThemeLabels) {
  return createTheme({
    ...baseTheme,
    components: {
      ...baseTheme.components,
      Modal: { defaultProps: { closeButtonProps: { 'aria-label': labels.closeDialog } } },
      Drawer: { defaultProps: { closeButtonProps: { 'aria-label': labels.closeDialog } } },
      Notification: { defaultProps: { closeButtonProps: { 'aria-label': labels.closeNotification } } },
      Select: { defaultProps: { clearButtonProps: { 'aria-label': labels.clear } } },
      PasswordInput: { defaultProps: { visibilityToggleButtonProps: { 'aria-label': labels.togglePassword } } },
    },
  });
}

// Mantine's default "dimmed" grey (gray.6) and error red (red.6) are below 4.5:1 on white.
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
  },
  dark: {},
});
