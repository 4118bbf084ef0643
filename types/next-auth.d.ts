import type { Role } from '@/lib/auth/roles';

declare module 'next-auth' {
  interface Session {
    user: { id: string; email: string; name: string };
    workspaceId?: string;
    role?: Role;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    workspaceId?: string;
    role?: Role;
  }
}
