/** Names of the hidden fields formFields() renders and the hooks read. */
export const FORM_FIELDS = {
  /** The signed form token. */
  token: 'dk_token',
  /** The honeypot: a field people never see and bots fill in. */
  honeypot: 'dk_website',
} as const;

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The hidden fields for a form: the signed token and the honeypot, kept off-screen without a stylesheet. */
export function renderFormFields(token: string): string {
  return `<input type="hidden" name="${FORM_FIELDS.token}" value="${escapeAttr(token)}">`
    + `<div class="dk-hp" aria-hidden="true" style="position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden">`
    + `<label>Leave this field empty <input type="text" name="${FORM_FIELDS.honeypot}" value="" tabindex="-1" autocomplete="off"></label></div>`;
}
