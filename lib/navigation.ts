import { ADMIN_ONLY, CAN_READ, type Role } from '@/lib/auth/roles';

/** The app's sections and who may open each; their pages guard themselves with these roles and the menu shows only these. */
export const sections = [
  { href: '/', label: 'Overview', roles: CAN_READ },
  { href: '/campaigns', label: 'Campaigns', roles: CAN_READ },
  { href: '/contacts', label: 'Contacts', roles: CAN_READ },
  { href: '/segments', label: 'Segments', roles: CAN_READ },
  { href: '/templates', label: 'Templates', roles: CAN_READ },
  { href: '/flows', label: 'Flows', roles: CAN_READ },
  { href: '/outbox', label: 'Outbox', roles: CAN_READ },
  { href: '/settings', label: 'Settings', roles: ADMIN_ONLY },
] as const satisfies readonly { href: string; label: string; roles: readonly Role[] }[];

export type SectionHref = (typeof sections)[number]['href'];

/** The roles a section's page requires. */
export function sectionRoles(href: SectionHref): readonly Role[] {
  return sections.find((s) => s.href === href)!.roles;
}

/** The sections a member with this role may open, for the menu. */
export function sectionsFor(role: Role): { href: string; label: string }[] {
  return sections.filter((s) => (s.roles as readonly Role[]).includes(role)).map(({ href, label }) => ({ href, label }));
}
