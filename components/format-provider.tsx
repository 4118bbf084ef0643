'use client';

import { useRouter } from 'next/navigation';
import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { DEFAULT_FORMAT, formatter, TIME_ZONE_COOKIE, type FormatSettings, type Formatter } from '@/lib/format';

const FormatContext = createContext<Formatter>(formatter(DEFAULT_FORMAT));

/** Hands the server's locale and zone to every client component; tells the server the browser's zone when it differs. */
export function FormatProvider({ settings, children }: { settings: FormatSettings; children: ReactNode }) {
  const router = useRouter();
  const value = useMemo(() => formatter(settings), [settings]);
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && zone !== settings.timeZone) {
      document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
      router.refresh();
    }
  }, [settings.timeZone, router]);
  return <FormatContext.Provider value={value}>{children}</FormatContext.Provider>;
}

export const useFormat = () => useContext(FormatContext);
