import { expect, test, type Page } from '@playwright/test';
import twilio from 'twilio';
import { idByName, openPage, reviewerShot, signIn } from './helpers';

async function created<T>(page: Page, url: string, data: unknown): Promise<T> {
  const res = await page.request.post(url, { data });
  expect(res.status(), `${url}: ${await res.text()}`).toBe(201);
  return (await res.json()) as T;
}

const today = () => new Date().toISOString().slice(0, 10);

test.describe('calls and texts', () => {
  test('a call campaign built in the flow editor rings through to outcomes, the funnel and intents', async ({ page }) => {
    test.setTimeout(180_000);
    await signIn(page, 'admin@herald.test');
    await expect(page.getByTestId('phone-simulated')).toContainText('Simulated calls and texts');
    const tag = Date.now().toString(36);
    const template = await created<{ id: string }>(page, '/api/templates', {
      name: `Journey call ${tag}`,
      channel: 'call',
      content: {
        script: 'Hello {{ first_name }}, this is Acme.',
        questions: [{ key: 'interest', prompt: 'Press 1 if interested, 2 if not, 3 for later.', choices: [{ digits: '1', intent: 'interested' }, { digits: '2', intent: 'not_interested' }, { digits: '3', intent: 'callback' }] }],
      },
    });
    const { flow } = await created<{ flow: { id: string } }>(page, '/api/flows', { name: `Journey calls ${tag}` });

    // The flow editor: add a call step, pick the template, open the calling hours to the whole day.
    await openPage(page, `/flows/${flow.id}`);
    await page.getByRole('button', { name: '+ Call' }).first().click();
    await expect(page.getByTestId('flow-step')).toHaveCount(1);
    await page.getByLabel('Template of step 1').selectOption(template.id);
    await page.getByLabel('Call from (step 1)').fill('00:00');
    await page.getByLabel('Call until (step 1)').fill('23:59');
    await page.getByRole('button', { name: 'Save call settings' }).click();
    await expect(page.getByLabel('Call until (step 1)')).toHaveValue('23:59');
    await expect(page.getByRole('button', { name: 'Save call settings' })).toBeDisabled();

    const segmentId = await idByName(page, '/api/segments?limit=200', 'VIPs in London');
    const { campaign } = await created<{ campaign: { id: string } }>(page, '/api/campaigns', { name: `Journey calls ${tag}`, segmentId, flowId: flow.id, startDate: today(), startTimeOfDay: '00:00', timeZone: 'UTC' });
    try {
      await openPage(page, `/campaigns/${campaign.id}/dashboard`);
      await page.getByTestId('status-activate').click();
      const dialog = page.getByRole('dialog', { name: 'Activate this campaign?' });
      await dialog.getByRole('button', { name: 'Activate', exact: true }).click();
      await expect(dialog).toBeHidden();
      await expect(page.getByTestId('live-indicator')).toContainText('Live · updated');

      // No reload: outcomes, the answer rate, durations, the funnel and the intents fill in as callbacks arrive (the
      // stats are cached for up to a minute, so the outcomes may take that long to show).
      const outcomes = page.getByTestId('outcomes');
      await expect(outcomes).toContainText('Each call attempt by its outcome');
      // Herald places these calls itself, so a refused recipient refused a call.
      await expect(page.getByTestId('kpi-refusal-rate')).toContainText('Refusal rate');
      await expect(page.getByTestId('kpi-sent-value')).toContainText(/[1-9]/, { timeout: 30_000 });
      await expect(page.getByTestId('drill-outcome-completed')).toContainText(/[1-9]/, { timeout: 100_000 });
      await expect(page.getByTestId('kpi-answer-rate-value')).toContainText('%');
      await expect(page.getByTestId('kpi-duration-value')).not.toHaveText('—');
      await expect(page.getByTestId('funnel-voice-picked_up')).toContainText(/[1-9]/, { timeout: 30_000 });
      await expect(page.getByTestId('intents')).toContainText(/Interested|Not interested|Callback/, { timeout: 30_000 });
      await reviewerShot(page, 'campaign-dashboard-call-campaign');

      // The contacts behind the completed bar are real people of the segment.
      await page.getByTestId('drill-outcome-completed').click();
      await expect(page.getByTestId('contact-drilldown')).toContainText('@example.com');

      // The campaign page calls its sends calls, placed rather than sent.
      await openPage(page, `/campaigns/${campaign.id}`);
      await expect(page.getByTestId('kpi-sent')).toContainText('Calls placed');
      await expect(page.getByTestId('kpi-recipients')).toContainText(/Every recipient has been processed|with calls still to come/);
    } finally {
      await page.request.put(`/api/campaigns/${campaign.id}/status`, { data: { status: 'completed' } });
    }
  });

  test('an SMS campaign is sent and delivered, and a STOP reply opts the sender out of texts', async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page, 'admin@herald.test');
    const tag = Date.now().toString(36);
    const template = await created<{ id: string }>(page, '/api/templates', { name: `Journey text ${tag}`, channel: 'sms', content: { body: 'Hi {{ first_name }}, see you Thursday. Reply STOP to opt out.' } });
    const { flow } = await created<{ flow: { id: string } }>(page, '/api/flows', { name: `Journey texts ${tag}`, steps: [{ type: 'SEND_SMS', templateId: template.id }] });
    const segmentId = await idByName(page, '/api/segments?limit=200', 'Event guests in London');
    const { campaign } = await created<{ campaign: { id: string } }>(page, '/api/campaigns', { name: `Journey texts ${tag}`, segmentId, flowId: flow.id, startDate: today(), startTimeOfDay: '00:00', timeZone: 'UTC' });
    try {
      expect((await page.request.put(`/api/campaigns/${campaign.id}/status`, { data: { status: 'active' } })).ok()).toBe(true);
      await openPage(page, `/campaigns/${campaign.id}/dashboard`);
      const sms = page.getByTestId('messages-sms');
      await expect(sms).toContainText(/SMS · [1-9]/, { timeout: 60_000 });
      await expect(page.getByTestId('drill-sms-delivered')).toContainText(/[1-9]/, { timeout: 30_000 });
      await expect(page.getByTestId('outcomes')).toHaveCount(0);
      await reviewerShot(page, 'campaign-dashboard-sms-campaign');

      // Every screen calls these sends texts: the campaign page, the flows list and the overview's headline card.
      await openPage(page, `/campaigns/${campaign.id}`);
      await expect(page.getByTestId('kpi-sent')).toContainText('Texts sent');
      await expect(page.getByTestId('kpi-scheduled')).toContainText('Texts scheduled');
      await expect(page.getByRole('region', { name: 'Summary' })).toContainText(`Flow: Journey texts ${tag}`);
      await expect(page.getByRole('region', { name: 'Summary' })).toContainText('Holdout · capped texts');
      await openPage(page, '/flows');
      await expect(page.getByTestId('flows-table').getByRole('row', { name: new RegExp(`Journey texts ${tag}`) })).toContainText('1 text in 1 step');
      await openPage(page, '/');
      const headline = page.getByTestId('kpi-sent-by-herald');
      await expect(headline).toContainText(/[\d,]+ emails?\b/);
      await expect(headline).toContainText(/[\d,]+ texts?\b/);
      await expect(headline).not.toContainText('Emails sent');

      // A recipient answers STOP, as Twilio posts it (signed with the account's token).
      const recipients = await page.request.get(`/api/campaigns/${campaign.id}/contacts?state=completed&limit=1`);
      const [first] = ((await recipients.json()).items as { contactId: string; email: string }[]);
      const contactOf = async () => ((await (await page.request.get(`/api/v1/contacts?q=${encodeURIComponent(first.email)}`)).json()).items as { id: string; phone: string; smsOptIn: boolean; marketingOptIn: boolean }[]).find((c) => c.id === first.contactId)!;
      const contact = await contactOf();
      expect(contact.smsOptIn).toBe(true);
      const url = `${process.env.NEXTAUTH_URL}/api/channels/twilio/inbound`;
      const params = { AccountSid: process.env.TWILIO_ACCOUNT_SID!, MessageSid: `SM${'1'.repeat(32)}`, From: contact.phone, To: process.env.TWILIO_FROM_NUMBER!, Body: 'STOP' };
      const signature = twilio.getExpectedTwilioSignature(process.env.TWILIO_AUTH_TOKEN!, url, params);
      const forged = await page.request.post(url, { form: params, headers: { 'X-Twilio-Signature': 'bm90IGEgc2lnbmF0dXJl' } });
      expect(forged.status()).toBe(403);
      const stop = await page.request.post(url, { form: params, headers: { 'X-Twilio-Signature': signature } });
      expect(stop.status()).toBe(200);
      const after = await contactOf();
      expect(after).toMatchObject({ smsOptIn: false, marketingOptIn: contact.marketingOptIn });
    } finally {
      await page.request.put(`/api/campaigns/${campaign.id}/status`, { data: { status: 'completed' } });
    }
  });
});
