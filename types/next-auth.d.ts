import type { Role } from '@/lib/auth/roles';

declare module 'next-auth' {
  interface User {
    sessionVersion?: number;
  }
  interface Session {
    user: { id: string; email: string; name: string };
    workspaceId?: string;
    role?: Role;
    /** The user's session version when the token was issued; a sign-out raises it and the token stops working. */
    sessionVersion?: number;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    workspaceId?: string;
    role?: Role;
    /** The user's session version when the token was issued; a sign-out raises it and the token stops working. */
    sessionVersion?: number;
  }
}
