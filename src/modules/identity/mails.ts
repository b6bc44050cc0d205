import type { Locale } from '../../platform/errors.ts';
import { type Mail, simpleHtml } from '../notifications/mailer.ts';

const text = {
  reset: {
    fr: {
      subject: 'Parcours — réinitialisation de votre mot de passe',
      lines: [
        'Bonjour,',
        'Une réinitialisation du mot de passe de votre compte Parcours a été demandée.',
        'Ce lien est valable une heure et ne sert qu’une fois. Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.',
      ],
      button: 'Choisir un nouveau mot de passe',
    },
    en: {
      subject: 'Parcours — reset your password',
      lines: [
        'Hello,',
        'A password reset was requested for your Parcours account.',
        'This link is valid for one hour and works once. If you did not ask for it, ignore this message: your password is unchanged.',
      ],
      button: 'Choose a new password',
    },
  },
  invitation: {
    fr: {
      subject: 'Parcours — votre compte a été créé',
      lines: [
        'Bonjour {name},',
        'Un compte Parcours vient d’être créé pour vous.',
        'Choisissez votre mot de passe avec le lien ci-dessous (valable 7 jours).',
      ],
      button: 'Choisir mon mot de passe',
    },
    en: {
      subject: 'Parcours — your account was created',
      lines: ['Hello {name},', 'A Parcours account was just created for you.', 'Choose your password with the link below (valid for 7 days).'],
      button: 'Choose my password',
    },
  },
} as const;

export function accountMail(kind: 'reset' | 'invitation', locale: Locale, to: string, link: string, name = ''): Mail {
  const t = text[kind][locale];
  const lines = t.lines.map((l) => l.replace('{name}', name));
  return {
    to,
    subject: t.subject,
    text: `${lines.join('\n\n')}\n\n${t.button} : ${link}\n`,
    html: simpleHtml(lines, { href: link, label: t.button }),
    template: `identity.${kind}`,
  };
}
