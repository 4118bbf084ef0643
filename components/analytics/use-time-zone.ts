'use client';

import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/** The viewer's IANA zone; null while rendering on the server, so zone-dependent queries wait for the browser. */
export function useBrowserTimeZone(): string | null {
  return useSyncExternalStore(subscribe, () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC', () => null);
}
