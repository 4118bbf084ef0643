/**
 * Plays Inngest Cloud's part against an app's serve endpoint (`/api/inngest`), following the SDK's HTTP protocol,
 * so jobs run only through signed requests, as on a deployment:
 *
 * - It reads the app's function configuration with a signed in-band sync (`PUT` with `X-Inngest-Sync-Kind: in_band`
 *   and body `{"url": …}`); an out-of-band sync (`PUT` without that header, the SDK then `POST`s to
 *   `<INNGEST_API_BASE_URL>/fn/register`) is accepted as well.
 * - It is the event API: the app's `inngest.send` / `step.sendEvent` land on `POST /e/<eventKey>`; `send()` does
 *   the same from a test. Events start the functions they trigger, cancel runs (`cancelOn`) and resolve
 *   `step.waitForEvent`; `runCron(fnId)` fires a cron function on demand.
 * - It executes runs by `POST <step url>` (`?fnId=<app>-<fn>&stepId=step`) with `{ event, events, steps, ctx, version }`
 *   and follows the answer: 200 done; 206 with ops (StepRun → memoise and call again, StepPlanned → run that step,
 *   Sleep / WaitForEvent → wait, StepError → retry the step with attempt + 1, StepFailed → memoise the error);
 *   500 → retry the run up to the function's retries; 400 or `X-Inngest-No-Retry: true` → failed.
 * - Every request is signed as Inngest signs it (`X-Inngest-Signature: t=<unix s>&s=<hex HMAC-SHA256(body + t)>`,
 *   key = the signing key without its `signkey-<env>-` prefix), and every signed answer's signature is checked.
 * - Concurrency limits hold per key (`event.data.x` paths); sleeps follow `sleeps`: real time, skipped whenever
 *   the player is idle, or only when `wake()` / `drain({ wake: true })` says so.
 *
 * The app needs: INNGEST_SIGNING_KEY=<signingKey>, INNGEST_EVENT_KEY=<eventKey>, INNGEST_BASE_URL=<eventApiUrl>
 * (or INNGEST_EVENT_API_BASE_URL and INNGEST_API_BASE_URL separately), and no INNGEST_DEV.
 */
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface PlayerEvent {
  name: string
  data?: Record<string, unknown>
  id?: string
  ts?: number
  user?: Record<string, unknown>
  v?: string
}

interface EventTrigger {
  event?: string
  expression?: string
  cron?: string
}

interface ConcurrencyConfig {
  limit: number
  key?: string
}

/** One function as the SDK registers it (the fields the player uses). */
export interface FunctionConfig {
  id: string
  name?: string
  triggers: EventTrigger[]
  steps: Record<string, { id: string; runtime: { type: string; url: string }; retries?: { attempts?: number } }>
  cancel?: { event: string; if?: string; timeout?: string }[]
  concurrency?: number | ConcurrencyConfig | ConcurrencyConfig[]
}

type StepMemo = { data: unknown } | { error: unknown }

type Wait =
  | { kind: 'sleep'; id: string; until: number }
  | { kind: 'event'; id: string; name: string; if?: string; until: number; since: number }
  | { kind: 'retry'; until: number }

export type RunStatus = 'running' | 'waiting' | 'completed' | 'failed' | 'cancelled'

export interface PlayerRun {
  id: string
  fnId: string
  event: PlayerEvent
  status: RunStatus
  /** The function's return value once completed. */
  output?: unknown
  /** Why it failed (the SDK's serialised error, or the player's reason). */
  error?: unknown
  /** Memoised step results, by hashed step id, as sent back to the SDK. */
  steps: Record<string, StepMemo>
  /** Hashed step ids in the order they completed. */
  stack: string[]
  /** The op names and ids the SDK reported, in order (for assertions and debugging). */
  ops: { op: string; id: string; name?: string; displayName?: string }[]
  requests: number
  attempt: number
  waits: Wait[]
  startedAt: number
}

export type SleepMode = 'real' | 'skip' | 'manual'

export interface InngestPlayerOptions {
  /** The app's serve endpoint, e.g. `http://127.0.0.1:3000/api/inngest`. */
  appUrl: string
  signingKey: string
  eventKey: string
  /** Port of the event API; 0 or unset: any free port. */
  port?: number
  host?: string
  /** `real`: wait out sleeps; `skip` (default): end the earliest sleep whenever nothing else runs; `manual`: only on `wake()`. */
  sleeps?: SleepMode
  /** Delay before a retry (Inngest backs off for seconds to hours; a test does not). */
  retryDelayMs?: number
  /** Fire every cron function this often (skipped while its previous run is unfinished); unset: only `runCron`. */
  cronEveryMs?: number
  /** A run making more calls than this fails (default 1000): skipped sleeps do not move the app's own clock, so an
   *  app that re-checks the time and sleeps again would otherwise loop. */
  maxRequestsPerRun?: number
  /** Each request/answer as one line, for debugging. */
  log?: (line: string) => void
}

export interface DrainOptions {
  /** Also end sleeps and event waits (time-out) until every run finished. Default: true unless `sleeps` is `manual`. */
  wake?: boolean
}

export interface InngestPlayer {
  /** Base URL of the player's Inngest API (`INNGEST_BASE_URL`), with a trailing slash. */
  eventApiUrl: string
  /** Every event received (from the app or `send`), in order. */
  events: PlayerEvent[]
  runs: PlayerRun[]
  functions(): Promise<FunctionConfig[]>
  /** Reads the app's functions again (a signed in-band sync). */
  sync(): Promise<FunctionConfig[]>
  /** Sends events as the app's `inngest.send` would; returns their ids. */
  send(events: PlayerEvent | PlayerEvent[]): Promise<string[]>
  /** Fires a cron-triggered function now (id with or without the app's prefix); returns the run. */
  runCron(fnId: string): Promise<PlayerRun>
  /** Ends every current sleep and event wait (waits time out) now. */
  wake(): void
  /** Resolves once no run is in flight (see DrainOptions); rejects after timeoutMs naming the unfinished runs. */
  drain(timeoutMs?: number, options?: DrainOptions): Promise<PlayerRun[]>
  /** A signed request to the app's serve endpoint, as Inngest sends them. */
  request(method: 'GET' | 'PUT' | 'POST', query?: Record<string, string>, body?: unknown, headers?: Record<string, string>): Promise<Response>
  close(): Promise<void>
}

// ---------------------------------------------------------------------------
// Signing, as the SDK verifies it (components/InngestCommHandler.ts RequestSignature, helpers/net.ts).

/** JSON in RFC 8785 canonical form (sorted keys, no whitespace): what the SDK hashes after parsing the body. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  const withJson = value as { toJSON?: () => unknown }
  if (typeof withJson.toJSON === 'function') return canonicalJson(withJson.toJSON())
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined || typeof v === 'function' ? 'null' : canonicalJson(v))).join(',')}]`
  const record = value as Record<string, unknown>
  const entries = Object.keys(record)
    .sort()
    .filter((k) => record[k] !== undefined && typeof record[k] !== 'function')
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`)
  return `{${entries.join(',')}}`
}

const signingSecret = (signingKey: string) => signingKey.replace(/^signkey-[\w]+-/, '')

/** `X-Inngest-Signature` for a body (already canonical JSON, or '' for a GET). */
export function inngestSignature(body: string, signingKey: string, nowSeconds = Math.round(Date.now() / 1000)): string {
  const mac = createHmac('sha256', signingSecret(signingKey)).update(body).update(String(nowSeconds)).digest('hex')
  return `t=${nowSeconds}&s=${mac}`
}

function verifySignature(body: string, header: string | null, signingKey: string): boolean {
  if (!header) return false
  const params = new URLSearchParams(header)
  const t = params.get('t')
  const s = params.get('s') ?? ''
  if (!t) return false
  const expected = Buffer.from(inngestSignature(body, signingKey, Number(t)).split('&s=')[1]!)
  const given = Buffer.from(s)
  return expected.length === given.length && timingSafeEqual(expected, given)
}

/** `Authorization: Bearer` the SDK sends to the Inngest API: the key's prefix + sha256 of its hex-decoded secret. */
function hashedSigningKey(signingKey: string): string {
  const prefix = /^signkey-[\w]+-/.exec(signingKey)?.[0] ?? ''
  return prefix + createHash('sha256').update(Buffer.from(signingSecret(signingKey), 'hex')).digest('hex')
}

// ---------------------------------------------------------------------------
// Expressions: the small subset the SDK generates (`event.a.b == async.a.b`, literals, `&&`).

function pathOf(root: unknown, path: string): unknown {
  let v: unknown = root
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined
    v = (v as Record<string, unknown>)[part]
  }
  return v
}

function operand(text: string, scope: Record<string, unknown>): unknown {
  const t = text.trim()
  const quoted = /^'(.*)'$|^"(.*)"$/.exec(t)
  if (quoted) return quoted[1] ?? quoted[2]
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t)
  if (t === 'true' || t === 'false') return t === 'true'
  if (t === 'null') return null
  const m = /^(event|async)\.([\w.]+)$/.exec(t)
  if (!m) throw new Error(`inngest-player: unsupported expression operand ${JSON.stringify(t)}`)
  return pathOf(scope[m[1]!], m[2]!)
}

export function evaluateExpression(expression: string, scope: { event?: unknown; async?: unknown }): boolean {
  return expression.split('&&').every((clause) => {
    const m = /^(.*?)(==|!=)(.*)$/.exec(clause)
    if (!m) throw new Error(`inngest-player: unsupported expression ${JSON.stringify(expression)}`)
    const equal = JSON.stringify(operand(m[1]!, scope)) === JSON.stringify(operand(m[3]!, scope))
    return m[2] === '==' ? equal : !equal
  })
}

/** `1w2d3h4m5s` (the SDK's timeStr) or an ISO date → epoch ms from `now`. */
export function dueTime(spec: string, now: number): number {
  const periods: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 }
  if (/^(\d+(ms|w|d|h|m|s))+$/.test(spec)) {
    let total = 0
    for (const [, n, unit] of spec.matchAll(/(\d+)(ms|w|d|h|m|s)/g)) total += Number(n) * periods[unit!]!
    return now + total
  }
  const at = Date.parse(spec)
  if (Number.isNaN(at)) throw new Error(`inngest-player: cannot read the time ${JSON.stringify(spec)}`)
  return at
}

// ---------------------------------------------------------------------------

interface Op {
  op: string
  id: string
  name?: string
  displayName?: string
  data?: unknown
  error?: unknown
  opts?: Record<string, unknown>
}

const FINAL: RunStatus[] = ['completed', 'failed', 'cancelled']
const CRON_EVENT = 'inngest/scheduled.timer'
const DEFAULT_RETRIES = 3

function ulidLike(): string {
  return `01${Date.now().toString(36).toUpperCase().padStart(10, '0')}${randomBytes(7).toString('hex').toUpperCase()}`.slice(0, 26)
}

/** A counting semaphore per concurrency key. */
class Limits {
  #held = new Map<string, number>()
  #waiters = new Map<string, (() => void)[]>()

  async acquire(keys: { key: string; limit: number }[]): Promise<() => void> {
    const taken: string[] = []
    for (const { key, limit } of [...keys].sort((a, b) => a.key.localeCompare(b.key))) {
      while ((this.#held.get(key) ?? 0) >= limit) {
        await new Promise<void>((resolve) => this.#waiters.set(key, [...(this.#waiters.get(key) ?? []), resolve]))
      }
      this.#held.set(key, (this.#held.get(key) ?? 0) + 1)
      taken.push(key)
    }
    return () => {
      for (const key of taken) {
        this.#held.set(key, (this.#held.get(key) ?? 1) - 1)
        const next = this.#waiters.get(key)?.shift()
        next?.()
      }
    }
  }
}

export async function startInngestPlayer(options: InngestPlayerOptions): Promise<InngestPlayer> {
  const { appUrl, signingKey, eventKey } = options
  const sleeps = options.sleeps ?? 'skip'
  const retryDelayMs = options.retryDelayMs ?? 100
  const log = options.log ?? (() => {})
  const maxRequestsPerRun = options.maxRequestsPerRun ?? 1000
  const events: PlayerEvent[] = []
  const runs: PlayerRun[] = []
  const limits = new Limits()
  const timers = new Set<NodeJS.Timeout>()
  /** Runs whose driver is working (requests in flight or about to be). */
  const active = new Set<PlayerRun>()
  /** The SDK's execution version, as it answered it (sent back on every later call, as Inngest does). */
  const versions = new Map<string, string>()
  const immediateOff = new Set<PlayerRun>()
  let appId = ''
  let configs: Promise<FunctionConfig[]> | undefined
  let idleListeners: (() => void)[] = []
  let closed = false

  async function request(method: 'GET' | 'PUT' | 'POST', query: Record<string, string> = {}, body?: unknown, headers: Record<string, string> = {}, url = appUrl) {
    const target = new URL(url)
    for (const [k, v] of Object.entries(query)) target.searchParams.set(k, v)
    const text = body === undefined ? '' : canonicalJson(body)
    return fetch(target, {
      method,
      body: method === 'GET' ? undefined : text,
      headers: {
        'Content-Type': 'application/json',
        'X-Inngest-Signature': inngestSignature(text, signingKey),
        'X-Inngest-Server-Kind': 'cloud',
        ...headers,
      },
    })
  }

  async function readAnswer(res: Response): Promise<string> {
    const text = await res.text()
    if (res.status !== 401 && !verifySignature(text, res.headers.get('x-inngest-signature'), signingKey)) {
      throw new Error(`inngest-player: the app's answer (HTTP ${res.status}) is not signed with the signing key: ${text.slice(0, 300)}`)
    }
    return text
  }

  async function sync(): Promise<FunctionConfig[]> {
    configs = (async () => {
      const res = await request('PUT', {}, { url: appUrl }, { 'X-Inngest-Sync-Kind': 'in_band' })
      const text = await readAnswer(res)
      if (res.status !== 200) throw new Error(`inngest-player: sync answered ${res.status}: ${text}`)
      const body = JSON.parse(text) as { app_id: string; functions: FunctionConfig[] }
      appId = body.app_id
      log(`sync: ${body.functions.map((f) => f.id).join(', ')}`)
      return body.functions
    })()
    configs.catch(() => (configs = undefined))
    return configs
  }

  const functions = () => configs ?? sync()

  async function fnById(fnId: string): Promise<FunctionConfig> {
    const fns = await functions()
    const fn = fns.find((f) => f.id === fnId || f.id === `${appId}-${fnId}`)
    if (!fn) throw new Error(`inngest-player: no function ${fnId} (the app serves ${fns.map((f) => f.id).join(', ')})`)
    return fn
  }

  // --- idle tracking -------------------------------------------------------

  function notify() {
    if (active.size > 0) return
    if (sleeps === 'skip') {
      // Time warp: nothing runs, so the earliest wait is over.
      const next = runs
        .filter((r) => r.status === 'waiting' && r.waits.length > 0)
        .flatMap((r) => r.waits.map((w) => ({ r, w })))
        .sort((a, b) => a.w.until - b.w.until)[0]
      if (next) {
        endWait(next.r, next.w, null)
        return
      }
    }
    const listeners = idleListeners
    idleListeners = []
    for (const l of listeners) l()
  }

  function schedule(run: PlayerRun) {
    if (closed || FINAL.includes(run.status) || active.has(run)) return
    run.status = 'running'
    active.add(run)
    void drive(run).finally(() => {
      active.delete(run)
      setImmediate(notify)
    })
  }

  /** Ends a wait: a sleep or retry delay is over, an event arrived (or the wait timed out: `event` null). */
  function endWait(run: PlayerRun, wait: Wait, event: PlayerEvent | null) {
    run.waits = run.waits.filter((w) => w !== wait)
    if (wait.kind !== 'retry') memoise(run, wait.id, { data: event })
    schedule(run)
  }

  function timerFor(run: PlayerRun, wait: Wait) {
    if (sleeps !== 'real' && wait.kind !== 'retry') return
    const t = setTimeout(() => {
      timers.delete(t)
      if (run.waits.includes(wait) && run.status === 'waiting') endWait(run, wait, null)
    }, Math.max(0, wait.until - Date.now()))
    timers.add(t)
  }

  function memoise(run: PlayerRun, id: string, memo: StepMemo) {
    if (!(id in run.steps)) run.stack.push(id)
    run.steps[id] = memo
  }

  // --- runs -----------------------------------------------------------------

  async function concurrencyKeys(fn: FunctionConfig, run: PlayerRun) {
    const list = fn.concurrency === undefined ? [] : Array.isArray(fn.concurrency) ? fn.concurrency : [typeof fn.concurrency === 'number' ? { limit: fn.concurrency } : fn.concurrency]
    return list.map((c, i) => {
      const path = c.key && /^event\.([\w.]+)$/.exec(c.key)?.[1]
      const value = path ? pathOf(run.event, path) : (c.key ?? '')
      return { key: `${fn.id}#${i}#${JSON.stringify(value)}`, limit: c.limit }
    })
  }

  /** Calls the function until it completes, fails, or waits. */
  async function drive(run: PlayerRun) {
    const fn = await fnById(run.fnId)
    const step = Object.values(fn.steps)[0]!
    const maxAttempts = (step.retries?.attempts ?? DEFAULT_RETRIES) + 1
    const plan: string[] = [] // steps the SDK planned, to run one request each
    while (!closed && run.status === 'running') {
      const stepId = plan.shift() ?? 'step'
      if (run.requests >= maxRequestsPerRun) {
        finish(run, 'failed', undefined, `inngest-player: more than ${maxRequestsPerRun} calls; a sleep the app does not consider over?`)
        return
      }
      const release = await limits.acquire(await concurrencyKeys(fn, run))
      let res: Response
      let text: string
      try {
        if ((run.status as RunStatus) === 'cancelled') return
        const version = versions.get(run.id)
        const body = {
          event: run.event,
          events: [run.event],
          steps: run.steps,
          ...(version === undefined ? {} : { version: Number(version) }),
          ctx: {
            run_id: run.id,
            attempt: run.attempt,
            max_attempts: maxAttempts,
            disable_immediate_execution: immediateOff.has(run),
            use_api: false,
            stack: { stack: run.stack, current: Math.max(0, run.stack.length - 1) },
          },
        }
        run.requests++
        const url = new URL(step.runtime.url)
        url.searchParams.set('stepId', stepId)
        res = await request('POST', {}, body, version === undefined ? {} : { 'X-Inngest-Req-Version': version }, url.href)
        text = await readAnswer(res)
      } catch (err) {
        finish(run, 'failed', undefined, err instanceof Error ? err.message : String(err))
        return
      } finally {
        release()
      }
      const v = res.headers.get('x-inngest-req-version')
      if (v && !versions.has(run.id)) versions.set(run.id, v)
      log(`${run.fnId} ${run.id} attempt ${run.attempt} stepId=${stepId} → ${res.status} ${text.slice(0, 200)}`)
      if ((run.status as RunStatus) === 'cancelled') return

      if (res.status === 200) {
        finish(run, 'completed', text ? JSON.parse(text) : null)
        return
      }
      if (res.status === 206) {
        const ops = JSON.parse(text) as Op[]
        for (const op of ops) run.ops.push({ op: op.op, id: op.id, name: op.name, displayName: op.displayName })
        const handled = handleOps(run, ops, plan, maxAttempts)
        if (handled === 'stop') return
        continue
      }
      // 500: the run failed this attempt; 400 / no-retry: for good.
      const noRetry = res.headers.get('x-inngest-no-retry') === 'true' || res.status === 400 || res.status === 401
      if (noRetry || run.attempt + 1 >= maxAttempts) {
        finish(run, 'failed', undefined, parse(text))
        return
      }
      retryLater(run)
      return
    }
  }

  function parse(text: string): unknown {
    try {
      return JSON.parse(text)
    } catch {
      return text
    }
  }

  function retryLater(run: PlayerRun) {
    run.attempt++
    const wait: Wait = { kind: 'retry', until: Date.now() + retryDelayMs }
    run.waits.push(wait)
    run.status = 'waiting'
    timerFor(run, wait)
  }

  /** Applies one 206 answer; 'stop' when the run now waits or ended. */
  function handleOps(run: PlayerRun, ops: Op[], plan: string[], maxAttempts: number): 'continue' | 'stop' {
    const now = Date.now()
    let progressed = false
    for (const op of ops) {
      switch (op.op) {
        case 'StepRun':
        case 'Step':
          memoise(run, op.id, { data: op.data ?? null })
          run.attempt = 0
          progressed = true
          break
        case 'StepPlanned':
          // Inngest runs each planned step in a request of its own, and from then on asks the SDK not to run
          // steps it finds on the way.
          immediateOff.add(run)
          if (!plan.includes(op.id) && !(op.id in run.steps)) plan.push(op.id)
          progressed = true
          break
        case 'StepFailed':
          memoise(run, op.id, { error: op.error ?? op.data ?? null })
          run.attempt = 0
          progressed = true
          break
        case 'StepError':
          if (run.attempt + 1 >= maxAttempts) {
            memoise(run, op.id, { error: op.error ?? op.data ?? null })
            run.attempt = 0
            progressed = true
          } else {
            retryLater(run)
            return 'stop'
          }
          break
        case 'Sleep':
          if (!run.waits.some((w) => w.kind !== 'retry' && w.id === op.id)) {
            const wait: Wait = { kind: 'sleep', id: op.id, until: dueTime(op.name ?? '0s', now) }
            run.waits.push(wait)
            timerFor(run, wait)
          }
          break
        case 'WaitForEvent':
          if (!run.waits.some((w) => w.kind !== 'retry' && w.id === op.id)) {
            const timeout = String(op.opts?.timeout ?? '1y')
            const wait: Wait = {
              kind: 'event',
              id: op.id,
              name: op.name ?? '',
              if: typeof op.opts?.if === 'string' ? op.opts.if : undefined,
              until: dueTime(timeout === '1y' ? '365d' : timeout, now),
              since: events.length,
            }
            run.waits.push(wait)
            timerFor(run, wait)
          }
          break
        case 'RunComplete':
          finish(run, 'completed', op.data ?? null)
          return 'stop'
        default:
          finish(run, 'failed', undefined, `inngest-player: unsupported op ${op.op} (${op.displayName ?? op.id})`)
          return 'stop'
      }
    }
    if (plan.length > 0) return 'continue'
    if (run.waits.length > 0) {
      run.status = 'waiting'
      return 'stop'
    }
    if (!progressed) {
      finish(run, 'failed', undefined, `inngest-player: the SDK answered 206 with nothing to do: ${JSON.stringify(ops)}`)
      return 'stop'
    }
    return 'continue'
  }

  function finish(run: PlayerRun, status: RunStatus, output?: unknown, error?: unknown) {
    if (FINAL.includes(run.status)) return
    run.status = status
    run.waits = []
    if (output !== undefined) run.output = output
    if (error !== undefined) run.error = error
    log(`${run.fnId} ${run.id} ${status}${error === undefined ? '' : `: ${JSON.stringify(error).slice(0, 300)}`}`)
  }

  function startRun(fn: FunctionConfig, event: PlayerEvent): PlayerRun {
    const run: PlayerRun = {
      id: ulidLike(),
      fnId: fn.id,
      event,
      status: 'running',
      steps: {},
      stack: [],
      ops: [],
      requests: 0,
      attempt: 0,
      waits: [],
      startedAt: Date.now(),
    }
    runs.push(run)
    run.status = 'waiting'
    schedule(run)
    return run
  }

  /** What an event does: cancels runs, resolves waits, starts functions. */
  async function receive(incoming: PlayerEvent[]): Promise<string[]> {
    const fns = await functions()
    const ids: string[] = []
    for (const raw of incoming) {
      const event: PlayerEvent = { ...raw, id: raw.id || ulidLike(), ts: raw.ts ?? Date.now(), data: raw.data ?? {} }
      events.push(event)
      ids.push(event.id!)
      for (const run of runs) {
        if (FINAL.includes(run.status)) continue
        const fn = fns.find((f) => f.id === run.fnId)
        const cancels = fn?.cancel?.some((c) => c.event === event.name && (!c.if || evaluateExpression(c.if, { event: run.event, async: event })))
        if (cancels && run.startedAt <= (event.ts ?? Date.now())) {
          finish(run, 'cancelled')
          continue
        }
        for (const wait of run.waits) {
          if (wait.kind === 'event' && wait.name === event.name && (!wait.if || evaluateExpression(wait.if, { event: run.event, async: event }))) {
            endWait(run, wait, event)
            break
          }
        }
      }
      for (const fn of fns) {
        const triggered = fn.triggers.some((t) => t.event === event.name && (!t.expression || evaluateExpression(t.expression, { event })))
        if (triggered) startRun(fn, event)
      }
    }
    setImmediate(notify)
    return ids
  }

  // --- the player's own HTTP API (event API and out-of-band register) ----------

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8')
  }

  async function serveApi(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const json = (status: number, body: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body))
    const sent = /^\/e\/([^/]+)$/.exec(url.pathname)
    if (req.method === 'POST' && sent) {
      if (decodeURIComponent(sent[1]!) !== eventKey) return json(401, { error: 'Event key not found', status: 401 })
      const body = JSON.parse((await readBody(req)) || '[]') as PlayerEvent | PlayerEvent[]
      const ids = await receive(Array.isArray(body) ? body : [body])
      return json(200, { ids, status: 200 })
    }
    if (req.method === 'POST' && url.pathname === '/fn/register') {
      if (req.headers.authorization !== `Bearer ${hashedSigningKey(signingKey)}`) return json(401, { error: 'Unauthorized' })
      const body = JSON.parse(await readBody(req)) as { appName?: string; app_id?: string; functions: FunctionConfig[] }
      appId = body.app_id ?? body.appName ?? appId
      configs = Promise.resolve(body.functions)
      return json(200, { ok: true, modified: true })
    }
    return json(404, { error: `inngest-player: no ${req.method} ${url.pathname}` })
  }

  const server = createServer((req, res) => {
    serveApi(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ error: err instanceof Error ? err.message : String(err), status: 500 }))
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
  })
  const { port, address } = server.address() as AddressInfo

  function fireCron(fn: FunctionConfig): PlayerRun {
    const cron = fn.triggers.find((t) => t.cron)?.cron
    if (!cron) throw new Error(`inngest-player: ${fn.id} has no cron trigger`)
    const event: PlayerEvent = { name: CRON_EVENT, data: { cron }, id: ulidLike(), ts: Date.now() }
    events.push(event)
    return startRun(fn, event)
  }

  if (options.cronEveryMs) {
    const tick = setInterval(() => {
      functions().then(
        (fns) => {
          for (const fn of fns) {
            const busy = runs.some((r) => r.fnId === fn.id && !FINAL.includes(r.status))
            if (!closed && !busy && fn.triggers.some((t) => t.cron)) fireCron(fn)
          }
        },
        () => {}, // the app is not up yet: next tick
      )
    }, options.cronEveryMs)
    timers.add(tick)
  }

  function wake() {
    for (const run of runs) for (const wait of [...run.waits]) if (run.status === 'waiting' && wait.kind !== 'retry') endWait(run, wait, null)
  }

  async function drain(timeoutMs = 30_000, drainOptions: DrainOptions = {}): Promise<PlayerRun[]> {
    const wakeAll = drainOptions.wake ?? sleeps !== 'manual'
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const busy = active.size > 0 || runs.some((r) => r.status === 'running' || r.waits.some((w) => w.kind === 'retry'))
      const waiting = runs.some((r) => r.status === 'waiting')
      if (!busy && (!waiting || !wakeAll)) return runs
      if (!busy && wakeAll && sleeps !== 'real') wake()
      const left = deadline - Date.now()
      if (left <= 0) {
        const open = runs.filter((r) => !FINAL.includes(r.status)).map((r) => `${r.fnId} ${r.id} ${r.status} ${JSON.stringify(r.waits)}`)
        throw new Error(`inngest-player: not drained after ${timeoutMs} ms:\n${open.join('\n')}`)
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 50))
        idleListeners.push(() => {
          clearTimeout(t)
          resolve()
        })
      })
    }
  }

  return {
    eventApiUrl: `http://${address}:${port}/`,
    events,
    runs,
    functions,
    sync,
    send: (e) => receive(Array.isArray(e) ? e : [e]),
    runCron: async (fnId) => fireCron(await fnById(fnId)),
    wake,
    drain,
    request: (method, query, body, headers) => request(method, query, body, headers),
    async close() {
      closed = true
      for (const t of timers) clearTimeout(t) // clears intervals too
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
}

/** A fresh signing key in Inngest's format (`signkey-<env>-<64 hex>`). */
export function testSigningKey(env = 'test'): string {
  return `signkey-${env}-${randomBytes(32).toString('hex')}`
}

export const testEventKey = (): string => randomUUID().replace(/-/g, '')
