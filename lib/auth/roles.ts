import { z } from 'zod';

export const roles = ['admin', 'campaign_manager', 'viewer'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

/** Who may do what: reading is open to every member, changing campaigns to managers, settings to admins. */
export const CAN_READ: readonly Role[] = roles;
export const CAN_EDIT: readonly Role[] = ['admin', 'campaign_manager'];
export const ADMIN_ONLY: readonly Role[] = ['admin'];

export const roleLabels: Record<Role, string> = {
  admin: 'Admin',
  campaign_manager: 'Campaign manager',
  viewer: 'Viewer',
};
