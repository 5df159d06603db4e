/** Names of the hidden fields formFields() renders and the hooks read. */
export const FORM_FIELDS = {
  /** The signed form token. */
  token: 'dk_token',
  /** The honeypot: a field people never see and bots fill in. */
  honeypot: 'dk_website',
} as const;
