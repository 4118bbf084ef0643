import QRCode from 'qrcode';
import type { RenderExtras, TemplateContact } from '@/lib/templates/variables';

/** Who a preview is rendered for when no contact is chosen: obviously made up, with no attributes set. */
export const SAMPLE_CONTACT: TemplateContact = { email: 'sample.contact@example.com', firstName: 'Sample', lastName: 'Contact', attributes: {} };

export const SAMPLE_QR_CODE = 'SAMPLE-QR-CODE';

let sampleQr: Promise<string> | undefined;

/** The special placeholders as previews and test sends show them: plainly marked as samples, never live links. */
export async function sampleExtras(): Promise<RenderExtras> {
  const svg = await (sampleQr ??= QRCode.toString(`Herald sample QR code (${SAMPLE_QR_CODE})`, { type: 'svg', margin: 1 }));
  return {
    unsubscribeUrl: 'https://example.invalid/sample-unsubscribe-link',
    viewInBrowserUrl: 'https://example.invalid/sample-view-in-browser-link',
    qrCode: {
      imageSrc: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
      code: SAMPLE_QR_CODE,
      alt: 'Sample QR code: the recipient’s own code is added at send time',
      caption: 'SAMPLE QR code: each recipient gets their own at send time',
    },
  };
}

/** What "New template" starts from: a typical campaign email that shows each kind of placeholder once. */
export const STARTER_TEMPLATE = {
  name: 'Untitled template',
  subject: 'News for you, {{ first_name | default: "friend" }}',
  preheader: 'What is new this month, in two minutes',
  htmlBody: `<!doctype html>
<html>
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Herald</title></head>
<body style="margin:0;padding:0;background:#f3f4f6">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6">
<tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="background:#ffffff;border-radius:8px;font-family:Arial,Helvetica,sans-serif;color:#111827">
<tr><td style="padding:24px 32px 8px;font-size:12px;color:#6b7280"><a href="{{ view_in_browser_url }}" style="color:#6b7280">View this email in your browser</a></td></tr>
<tr><td style="padding:8px 32px">
<h1 style="margin:0 0 16px;font-size:24px;line-height:32px">Hi {{ first_name | default: "there" }},</h1>
<p style="margin:0 0 16px;font-size:16px;line-height:24px">Here is what changed this month. We shipped faster search, a cleaner dashboard and a dozen small fixes you asked for.</p>
<p style="margin:0 0 16px;font-size:16px;line-height:24px">Everything is live in your account today; there is nothing to install and nothing to migrate.</p>
{% if plan == "pro" %}<p style="margin:0 0 16px;font-size:16px;line-height:24px">As a Pro customer you also get early access to reports. Thank you for being with us, {{ first_name | default: "friend" }}.</p>{% endif %}
<p style="margin:24px 0"><a href="https://example.com/whats-new" style="background:#4f46e5;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:bold">See what is new</a></p>
<p style="margin:0 0 16px;font-size:16px;line-height:24px">Show this code at the desk for your welcome gift:</p>
{{ qr_code }}
</td></tr>
<tr><td style="padding:24px 32px;font-size:12px;line-height:18px;color:#6b7280">You receive this email at {{ email }} because you signed up for news. <a href="{{ unsubscribe_url }}" style="color:#6b7280">Unsubscribe</a></td></tr>
</table>
</td></tr>
</table>
</body>
</html>`,
  textBody: null,
};
