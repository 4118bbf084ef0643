/** The demo accounts printed at start-up and in the README. */
export const DEMO_PASSWORD = 'herald-demo-2026';

export const demoUsers = [
  { email: 'admin@herald.test', name: 'Ada Admin', role: 'admin' },
  { email: 'manager@herald.test', name: 'Max Manager', role: 'campaign_manager' },
  { email: 'viewer@herald.test', name: 'Vera Viewer', role: 'viewer' },
] as const;
