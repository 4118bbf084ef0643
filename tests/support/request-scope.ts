// Next's server sets up AsyncLocalStorage before anything of Next.js loads; a test must too, so this comes first.
import 'next/dist/server/node-environment-baseline';
import { workAsyncStorage } from 'next/dist/server/app-render/work-async-storage.external';
import { workUnitAsyncStorage } from 'next/dist/server/app-render/work-unit-async-storage.external';
import { createRequestStoreForAPI } from 'next/dist/server/async-storage/request-store';

/**
 * Runs `fn` inside the request scope Next.js gives a dynamic route handler, so handlers that read `cookies()` or
 * `headers()` (next-auth's route does) can be called directly as functions.
 */
export function inRequestScope<T>(req: Request, fn: () => Promise<T>): Promise<T> {
  const url = new URL(req.url);
  const work = { route: url.pathname, page: url.pathname, isStaticGeneration: false, forceStatic: false, dynamicShouldError: false };
  const unit = createRequestStoreForAPI(req as never, { pathname: url.pathname, search: url.search }, { tags: [], expirationsByCacheKind: new Map() } as never, undefined, undefined as never, undefined);
  return workAsyncStorage.run(work as never, () => workUnitAsyncStorage.run(unit, fn));
}
