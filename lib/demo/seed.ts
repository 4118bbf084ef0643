import { db } from '@/lib/db';
import type { Actor } from '@/lib/auth/context';
import { hashPassword } from '@/lib/auth/password';
import { parseWith } from '@/lib/http/parse';
import { parseSegmentInput } from '@/lib/segments/input';
import { createSegment } from '@/lib/segments/service';
import { templateInputSchema } from '@/lib/templates/schema';
import { createTemplate } from '@/lib/templates/service';
import { newFlowSchema } from '@/lib/flows/schema';
import { createFlow } from '@/lib/flows/service';
import { DEMO_PASSWORD, demoUsers } from '@/lib/demo/users';
import { flushDemoEvents, makeDemoCampaign, type DemoCampaignPlan } from '@/lib/demo/campaigns';
import { rng } from '@/lib/demo/random';
import type { Prisma } from '@/lib/generated/prisma/client';

const FIRST = ['Ava', 'Ben', 'Chloe', 'Dan', 'Ella', 'Finn', 'Grace', 'Hugo', 'Isla', 'Jack', 'Kira', 'Leo', 'Mia', 'Noah', 'Olive', 'Paul', 'Quinn', 'Ruby', 'Sam', 'Tara'];
const LAST = ['Smith', 'Jones', 'Taylor', 'Brown', 'Wilson', 'Evans', 'Thomas', 'Roberts', 'Walker', 'Wright', 'Hall', 'Green', 'Baker', 'Clark'];
const ZONES = ['Europe/London', 'Europe/Paris', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo', 'Australia/Sydney'];
const PLANS = ['free', 'pro', 'enterprise'];
const TAGS = ['newsletter', 'customer', 'trial', 'vip', 'event-2026'];

export interface SeedResult {
  workspaceId: string;
  created: boolean;
}

/**
 * Creates the demo workspace once; a database that already has it is left alone. Contacts are written in bulk (they
 * are input, like an import); everything after them goes through the app's own paths (lib/demo/campaigns.ts).
 */
export async function seedDemo(options: { contacts?: number } = {}): Promise<SeedResult> {
  const existing = await db.workspace.findUnique({ where: { slug: 'demo' }, select: { id: true } });
  if (existing) return { workspaceId: existing.id, created: false };

  const rand = rng(42);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  const workspace = await db.workspace.create({ data: { name: 'Acme Outreach', slug: 'demo', timeZone: 'Europe/London' } });
  const second = await db.workspace.create({ data: { name: 'Acme Labs (sandbox)', slug: 'demo-sandbox', timeZone: 'America/New_York' } });
  const users: Record<string, string> = {};
  for (const u of demoUsers) {
    const user = await db.user.upsert({ where: { email: u.email }, create: { email: u.email, name: u.name, passwordHash }, update: {} });
    users[u.role] = user.id;
    await db.membership.create({ data: { userId: user.id, workspaceId: workspace.id, role: u.role } });
  }
  await db.membership.create({ data: { userId: users.admin, workspaceId: second.id, role: 'admin' } });

  await db.attributeDefinition.createMany({
    data: [
      { workspaceId: workspace.id, key: 'plan', label: 'Plan', type: 'string' },
      { workspaceId: workspace.id, key: 'lifetime_value', label: 'Lifetime value', type: 'number' },
      { workspaceId: workspace.id, key: 'beta_tester', label: 'Beta tester', type: 'boolean' },
      { workspaceId: workspace.id, key: 'signed_up_on', label: 'Signed up on', type: 'date' },
    ],
  });

  const total = options.contacts ?? 3000;
  const now = Date.now();
  const contacts: Prisma.ContactCreateManyInput[] = [];
  for (let i = 0; i < total; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const optIn = rand() < 0.85;
    const signedUp = new Date(now - Math.floor(rand() * 400) * 86_400_000);
    contacts.push({
      workspaceId: workspace.id,
      // A few long-standing addresses carry a typo from an old import: sending to them fails, as it would for real.
      email: `${first}.${last}.${i}@example${i % 97 === 41 && now - signedUp.getTime() > 45 * 86_400_000 ? ',' : '.'}com`.toLowerCase(),
      firstName: first,
      lastName: last,
      phone: `+4477009${String(i).padStart(5, '0')}`,
      timeZone: pick(ZONES),
      locale: 'en',
      marketingOptIn: optIn,
      // Consent per phone channel, spread evenly (no draw from the generator, so the rest of the demo stays the same).
      smsOptIn: optIn && i % 5 !== 0,
      whatsappOptIn: optIn && i % 4 === 0,
      callOptIn: optIn && i % 3 !== 0,
      optInAt: optIn ? signedUp : null,
      optInSource: optIn ? pick(['signup_form', 'import', 'checkout']) : null,
      unsubscribedAt: !optIn && rand() < 0.3 ? new Date(now - 5 * 86_400_000) : null,
      tags: TAGS.filter(() => rand() < 0.25),
      attributes: { plan: pick(PLANS), lifetime_value: Math.round(rand() * 5000), beta_tester: rand() < 0.2, signed_up_on: signedUp.toISOString().slice(0, 10) },
      createdAt: signedUp,
    });
  }
  for (let i = 0; i < contacts.length; i += 1000) await db.contact.createMany({ data: contacts.slice(i, i + 1000) });

  const actor: Actor = { workspaceId: workspace.id, role: 'admin', userId: users.admin, via: 'session' };
  const segment = async (body: unknown) => (await createSegment(workspace.id, await parseSegmentInput(workspace.id, body))).id;
  const template = async (body: unknown) => (await createTemplate(workspace.id, parseWith(templateInputSchema, body))).id;
  const flowOf = async (body: unknown) => (await createFlow(workspace.id, parseWith(newFlowSchema, body))).id;
  const optedIn = { type: 'condition', field: 'marketing_opt_in', operator: 'is_true' };
  // Demo campaigns leave out the newest sign-ups, so their bounces and unsubscribes never touch the contacts a new
  // user (or a browser journey) picks first from the newest-first contact list.
  const settled = { type: 'condition', field: 'created_at', operator: 'not_within_last_days', value: 30 };

  const everyone = await segment({ name: 'Everyone opted in', criteria: { type: 'group', combinator: 'and', children: [optedIn] } });
  await segment({
    name: 'Pro customers in Europe, or VIPs',
    criteria: {
      type: 'group',
      combinator: 'or',
      children: [
        {
          type: 'group',
          combinator: 'and',
          children: [
            { type: 'condition', field: 'attributes.plan', operator: 'equals', value: 'pro' },
            { type: 'condition', field: 'time_zone', operator: 'starts_with', value: 'Europe/' },
          ],
        },
        { type: 'condition', field: 'tags', operator: 'contains', value: 'vip' },
      ],
    },
  });
  const proCustomers = await segment({
    name: 'Pro-plan customers',
    description: 'Customers on the pro plan who joined more than a month ago',
    criteria: { type: 'group', combinator: 'and', children: [{ type: 'condition', field: 'tags', operator: 'contains', value: 'customer' }, { type: 'condition', field: 'attributes.plan', operator: 'equals', value: 'pro' }, settled] },
  });
  const free = { type: 'condition', field: 'attributes.plan', operator: 'equals', value: 'free' };
  const trials = await segment({
    name: 'Free-plan trial users',
    description: 'Contacts on the free plan tagged trial who joined one to six months ago',
    criteria: {
      type: 'group',
      combinator: 'and',
      children: [{ type: 'condition', field: 'tags', operator: 'contains', value: 'trial' }, free, settled, { type: 'condition', field: 'created_at', operator: 'within_last_days', value: 180 }],
    },
  });
  const freeReaders = await segment({
    name: 'Free-plan newsletter readers in Europe',
    criteria: {
      type: 'group',
      combinator: 'and',
      children: [{ type: 'condition', field: 'tags', operator: 'contains', value: 'newsletter' }, free, settled, { type: 'condition', field: 'time_zone', operator: 'starts_with', value: 'Europe/' }],
    },
  });

  const welcome = await template({
    name: 'Welcome',
    subject: 'Welcome to Acme, {{ first_name | default: "there" }}!',
    preheader: 'Three things to try this week',
    htmlBody: '<h1>Hi {{ first_name | default: "there" }},</h1><p>Thanks for joining Acme. <a href="https://example.com/start">Get started</a>.</p><p>{{ qr_code }}</p><p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>',
  });
  const followUp = await template({
    name: 'Follow-up',
    subject: 'How is it going, {{ first_name | default: "friend" }}?',
    htmlBody: '<p>Hi {{ first_name | default: "there" }}, here are our best tips for {{ plan | default: "your plan" }} users.</p><p><a href="https://example.com/tips">Read the tips</a></p><p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>',
  });
  const blackFriday = await template({
    name: 'Black Friday offer',
    subject: '{{ first_name | default: "Friend" }}, 40% off everything until Monday',
    preheader: 'Our biggest offer of the year',
    htmlBody: '<h1>Black Friday at Acme</h1><p>Hi {{ first_name | default: "there" }}, every plan is 40% off until Monday.</p><p><a href="https://example.com/offer">Claim the offer</a></p><p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>',
  });
  const upgrade = await template({
    name: 'Upgrade to Pro',
    subject: 'Unlock more with Acme Pro, {{ first_name | default: "there" }}',
    htmlBody: '<p>Hi {{ first_name | default: "there" }}, teams on Pro ship twice as fast.</p><p><a href="https://example.com/pro">See what Pro adds</a></p><p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>',
  });
  const onboarding = await flowOf({
    name: 'Onboarding: welcome, wait 3 days, follow up',
    steps: [{ type: 'SEND_EMAIL', templateId: welcome }, { type: 'WAIT', waitDays: 3 }, { type: 'SEND_EMAIL', templateId: followUp }],
  });
  const upgradeFlow = await flowOf({
    name: 'Upgrade offer with a reminder a week later',
    steps: [{ type: 'SEND_EMAIL', templateId: upgrade }, { type: 'WAIT', waitDays: 7 }, { type: 'SEND_EMAIL', templateId: followUp }],
  });

  // Texts and calls: two campaigns that start sending when the app starts, to the local Twilio simulator by default.
  const londonVips = await segment({
    name: 'VIPs in London',
    criteria: { type: 'group', combinator: 'and', children: [{ type: 'condition', field: 'tags', operator: 'contains', value: 'vip' }, { type: 'condition', field: 'time_zone', operator: 'equals', value: 'Europe/London' }, optedIn, settled] },
  });
  const eventGuests = await segment({
    name: 'Event guests in London',
    criteria: { type: 'group', combinator: 'and', children: [{ type: 'condition', field: 'tags', operator: 'contains', value: 'event-2026' }, { type: 'condition', field: 'time_zone', operator: 'equals', value: 'Europe/London' }, optedIn, settled] },
  });
  const reminderText = await template({
    name: 'Event reminder (SMS)',
    channel: 'sms',
    content: { body: 'Hi {{ first_name | default: "there" }}, Acme Live is on Thursday at 18:00. Reply STOP to opt out.' },
  });
  const checkInCall = await template({
    name: 'VIP check-in call',
    channel: 'call',
    content: {
      script: 'Hello {{ first_name | default: "there" }}, this is Acme calling to thank you for being one of our VIP customers.',
      questions: [
        { key: 'interest', prompt: 'Would you like to hear about our new enterprise plan? Press 1 for yes, 2 for no, or 3 to be called back later.', input: 'dtmf speech', choices: [{ digits: '1', words: ['yes'], intent: 'interested' }, { digits: '2', words: ['no'], intent: 'not_interested' }, { digits: '3', words: ['later'], intent: 'callback' }] },
        { key: 'demo', prompt: 'Shall we book a demo with your account manager this week? Press 1 for yes, 2 for no.', input: 'dtmf speech', choices: [{ digits: '1', words: ['yes', 'sure'], intent: 'qualified' }, { digits: '2', words: ['no'], intent: 'interested' }] },
      ],
    },
  });
  const reminderFlow = await flowOf({ name: 'Event reminder by text', steps: [{ type: 'SEND_SMS', templateId: reminderText }] });
  const checkInFlow = await flowOf({
    name: 'VIP check-in call, retried once',
    description: 'Calls at any hour so the demo rings through whenever it starts; a real campaign keeps the 09:00–20:00 default.',
    steps: [{ type: 'PLACE_CALL', templateId: checkInCall, callPolicy: { maxAttempts: 2, retryMinutes: 2, callingHoursStart: '00:00', callingHoursEnd: '23:59' } }],
  });

  const plans: DemoCampaignPlan[] = [
    { name: 'Spring newsletter (draft)', segmentId: everyone, templateId: welcome, startDaysAgo: -7, draft: true },
    {
      name: 'Black Friday 2026',
      segmentId: proCustomers,
      templateId: blackFriday,
      startDaysAgo: 6,
      engagement: { bounced: 0.025, opened: 0.46, clicked: 0.3, unsubscribed: 0.02, complained: 0.004 },
      calls: 0.4,
    },
    { name: 'Pro upgrade offer (paused)', segmentId: freeReaders, flowId: upgradeFlow, startDaysAgo: 5, pausedDaysAgo: 1, engagement: { bounced: 0.02, opened: 0.31, clicked: 0.2, unsubscribed: 0.015, complained: 0 } },
    { name: 'Onboarding series', segmentId: trials, flowId: onboarding, startDaysAgo: 2, engagement: { bounced: 0.015, opened: 0.52, clicked: 0.35, unsubscribed: 0.01, complained: 0 }, calls: 0.3 },
    { name: 'Acme Live reminder (SMS)', description: 'Texts event guests; delivery reports and STOP replies come back from Twilio', segmentId: eventGuests, flowId: reminderFlow, startDaysAgo: 0, live: true },
    { name: 'VIP check-in calls', description: 'Calls VIPs with a short script and two questions; outcomes, answers and intents come back from Twilio', segmentId: londonVips, flowId: checkInFlow, startDaysAgo: 0, live: true },
  ];
  for (const [i, plan] of plans.entries()) await makeDemoCampaign(actor, plan, 1000 + i);
  await flushDemoEvents();

  return { workspaceId: workspace.id, created: true };
}
