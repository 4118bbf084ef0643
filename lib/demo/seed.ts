import { randomUUID } from 'node:crypto';
import { db } from '@/lib/db';
import { hashPassword } from '@/lib/auth/password';
import { DEMO_PASSWORD, demoUsers } from '@/lib/demo/users';
import type { Prisma } from '@/lib/generated/prisma/client';

const FIRST = ['Ava', 'Ben', 'Chloe', 'Dan', 'Ella', 'Finn', 'Grace', 'Hugo', 'Isla', 'Jack', 'Kira', 'Leo', 'Mia', 'Noah', 'Olive', 'Paul', 'Quinn', 'Ruby', 'Sam', 'Tara'];
const LAST = ['Smith', 'Jones', 'Taylor', 'Brown', 'Wilson', 'Evans', 'Thomas', 'Roberts', 'Walker', 'Wright', 'Hall', 'Green', 'Baker', 'Clark'];
const ZONES = ['Europe/London', 'Europe/Paris', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo', 'Australia/Sydney'];
const PLANS = ['free', 'pro', 'enterprise'];
const TAGS = ['newsletter', 'customer', 'trial', 'vip', 'event-2026'];

/** A deterministic pseudo-random sequence, so every fresh demo looks the same. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface SeedResult {
  workspaceId: string;
  created: boolean;
}

/** Creates the demo workspace once; a database that already has it is left alone. */
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
      email: `${first}.${last}.${i}@example.com`.toLowerCase(),
      firstName: first,
      lastName: last,
      phone: `+4477009${String(i).padStart(5, '0')}`,
      timeZone: pick(ZONES),
      locale: 'en',
      marketingOptIn: optIn,
      optInAt: optIn ? signedUp : null,
      optInSource: optIn ? pick(['signup_form', 'import', 'checkout']) : null,
      unsubscribedAt: !optIn && rand() < 0.3 ? new Date(now - 5 * 86_400_000) : null,
      tags: TAGS.filter(() => rand() < 0.25),
      attributes: { plan: pick(PLANS), lifetime_value: Math.round(rand() * 5000), beta_tester: rand() < 0.2, signed_up_on: signedUp.toISOString().slice(0, 10) },
      createdAt: signedUp,
    });
  }
  for (let i = 0; i < contacts.length; i += 1000) await db.contact.createMany({ data: contacts.slice(i, i + 1000) });

  const everyone = await db.segment.create({
    data: {
      workspaceId: workspace.id,
      name: 'Everyone opted in',
      criteria: { type: 'group', combinator: 'and', children: [{ type: 'condition', field: 'marketing_opt_in', operator: 'is_true' }] },
    },
  });
  const proEurope = await db.segment.create({
    data: {
      workspaceId: workspace.id,
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
    },
  });

  const welcome = await db.template.create({
    data: {
      workspaceId: workspace.id,
      name: 'Welcome',
      subject: 'Welcome to Acme, {{ first_name | default: "there" }}!',
      preheader: 'Three things to try this week',
      htmlBody: '<h1>Hi {{ first_name | default: "there" }},</h1><p>Thanks for joining Acme. <a href="https://example.com/start">Get started</a>.</p><p>{{ qr_code }}</p><p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>',
    },
  });
  const followUp = await db.template.create({
    data: {
      workspaceId: workspace.id,
      name: 'Follow-up',
      subject: 'How is it going, {{ first_name | default: "friend" }}?',
      htmlBody: '<p>Hi {{ first_name | default: "there" }}, here are our best tips for {{ plan | default: "your plan" }} users.</p><p><a href="https://example.com/tips">Read the tips</a></p><p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>',
    },
  });
  const flow = await db.flow.create({
    data: {
      workspaceId: workspace.id,
      name: 'Onboarding: welcome, wait 3 days, follow up',
      steps: {
        create: [
          { position: 0, type: 'SEND_EMAIL', templateId: welcome.id },
          { position: 1, type: 'WAIT', waitDays: 3 },
          { position: 2, type: 'SEND_EMAIL', templateId: followUp.id },
        ],
      },
    },
  });

  const day = (offset: number) => new Date(now + offset * 86_400_000).toISOString().slice(0, 10);
  const base = { workspaceId: workspace.id, createdById: users.admin, timeZone: 'Europe/London', startTimeOfDay: '09:00' };
  await db.campaign.createMany({
    data: [
      { ...base, id: randomUUID(), name: 'Spring newsletter (draft)', segmentId: everyone.id, templateId: welcome.id, startDate: day(7), status: 'draft' },
      { ...base, id: randomUUID(), name: 'Onboarding series', segmentId: everyone.id, flowId: flow.id, startDate: day(-2), status: 'active', activatedAt: new Date(now - 2 * 86_400_000), activatedById: users.admin },
      { ...base, id: randomUUID(), name: 'Pro upgrade offer (paused)', segmentId: proEurope.id, templateId: followUp.id, startDate: day(-5), status: 'paused', activatedAt: new Date(now - 5 * 86_400_000), pausedAt: new Date(now - 86_400_000) },
      { ...base, id: randomUUID(), name: 'Black Friday 2026', segmentId: everyone.id, templateId: welcome.id, startDate: day(-30), status: 'completed', activatedAt: new Date(now - 30 * 86_400_000), completedAt: new Date(now - 29 * 86_400_000) },
    ],
  });

  return { workspaceId: workspace.id, created: true };
}
