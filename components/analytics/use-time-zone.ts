'use client';

import { useSyncExternalStore } from 'react';
import { useFormat } from '@/components/format-provider';

const subscribe = () => () => {};

/**
 * The viewer's IANA zone. On the server and while hydrating it is the zone the page formats dates in, which the
 * browser keeps equal to its own (and which the server answered the page's zone-dependent questions in).
 */
export function useBrowserTimeZone(): string {
  const { timeZone } = useFormat();
  return useSyncExternalStore(subscribe, () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC', () => timeZone);
}
