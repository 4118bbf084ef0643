/**
 * The Inngest player against a real `serve()` in cloud mode: every call it makes is signed and accepted, runs
 * complete step by step, sleeps resume, events sent from steps start functions, cancelOn and waitForEvent follow
 * events, retries count attempts; unsigned and wrongly signed calls are refused by the SDK itself.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Inngest, NonRetriableError } from 'inngest'
import { serve } from 'inngest/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { canonicalJson, inngestSignature, startInngestPlayer, testEventKey, testSigningKey, type InngestPlayer, type InngestPlayerOptions, type SleepMode } from '../support/inngest-player'

interface TestApp {
  player: InngestPlayer
  server: Server
  /** How often each step body ran (memoised steps must not run again). */
  ran: Map<string, number>
  signingKey: string
  appUrl: string
  close(): Promise<void>
}

async function startTestApp(sleeps: SleepMode, options: Partial<InngestPlayerOptions> = {}): Promise<TestApp> {
  const signingKey = testSigningKey()
  const eventKey = testEventKey()
  let handler: Parameters<typeof createServer>[1] = (_req, res) => res.writeHead(503).end()
  const server = createServer((req, res) => handler!(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/inngest`
  const player = await startInngestPlayer({ appUrl, signingKey, eventKey, sleeps, retryDelayMs: 10, maxRequestsPerRun: 30, ...options })

  // Failing steps and refused requests are expected here: keep the SDK's error logs out of the test output.
  const quiet = { info() {}, warn() {}, error() {}, debug() {} }
  const client = new Inngest({ id: 'player-test', isDev: false, signingKey, eventKey, baseUrl: player.eventApiUrl, logger: quiet })
  const ran = new Map<string, number>()
  const count = (name: string) => ran.set(name, (ran.get(name) ?? 0) + 1)

  const functions = [
    client.createFunction({ id: 'hello', triggers: [{ event: 'test/hello' }] }, async ({ event, step }) => {
      const greeting = await step.run('greet', () => (count('greet'), `hello ${event.data.name}`))
      return step.run('shout', () => (count('shout'), greeting.toUpperCase()))
    }),
    client.createFunction(
      { id: 'sleeper', triggers: [{ event: 'test/sleep' }], cancelOn: [{ event: 'test/cancel', match: 'data.id' }] },
      async ({ event, step }) => {
        await step.sleepUntil('until-due', new Date(event.data.until as string))
        await step.sendEvent('tell', { name: 'test/slept', data: { id: event.data.id } })
        return 'woke'
      },
    ),
    client.createFunction({ id: 'on-slept', triggers: [{ event: 'test/slept' }] }, async ({ event, step }) =>
      step.run('note', () => (count(`slept:${event.data.id}`), event.data.id)),
    ),
    client.createFunction({ id: 'waiter', triggers: [{ event: 'test/ask' }] }, async ({ step }) => {
      const answer = await step.waitForEvent('answer', { event: 'test/answer', match: 'data.id', timeout: '1h' })
      return answer?.data ?? 'timed out'
    }),
    client.createFunction({ id: 'flaky', triggers: [{ event: 'test/flaky' }], retries: 3 }, async ({ step }) =>
      step.run('try', () => {
        count('try')
        if ((ran.get('try') ?? 0) < 3) throw new Error('not yet')
        return 'third time'
      }),
    ),
    client.createFunction({ id: 'broken', triggers: [{ event: 'test/broken' }], retries: 1 }, async () => {
      count('broken')
      throw new Error('always')
    }),
    client.createFunction({ id: 'refuses', triggers: [{ event: 'test/refuses' }], retries: 3 }, async () => {
      count('refuses')
      throw new NonRetriableError('no point retrying')
    }),
    client.createFunction(
      { id: 'one-at-a-time', triggers: [{ event: 'test/serial' }], concurrency: { limit: 1, key: 'event.data.group' } },
      async ({ event, step }) => {
        const group = String(event.data.group)
        await step.run('enter', async () => {
          count(`inside:${group}`)
          ran.set(`most inside:${group}`, Math.max(ran.get(`most inside:${group}`) ?? 0, ran.get(`inside:${group}`)!))
          await new Promise((r) => setTimeout(r, 30))
          ran.set(`inside:${group}`, ran.get(`inside:${group}`)! - 1)
        })
        return event.data.group
      },
    ),
    client.createFunction({ id: 'forever', triggers: [{ event: 'test/forever' }] }, async ({ step }) => {
      for (let i = 0; i < 1000; i++) await step.sleep(`nap-${i}`, '1m')
    }),
    client.createFunction({ id: 'tick', triggers: [{ cron: '0 * * * *' }] }, async ({ event, step }) =>
      step.run('tock', () => (count('tock'), event.name)),
    ),
  ]
  handler = serve({ client, functions })
  return {
    player,
    server,
    ran,
    signingKey,
    appUrl,
    async close() {
      await player.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString()

describe('inngest player, sleeps skipped', () => {
  let app: TestApp
  beforeAll(async () => {
    app = await startTestApp('skip')
  })
  afterAll(() => app.close())

  it('reads the function configuration through a signed in-band sync', async () => {
    const fns = await app.player.sync()
    const byId = Object.fromEntries(fns.map((f) => [f.id, f]))
    expect(Object.keys(byId)).toEqual(expect.arrayContaining(['player-test-hello', 'player-test-sleeper', 'player-test-tick']))
    expect(byId['player-test-sleeper']!.cancel).toEqual([{ event: 'test/cancel', if: 'event.data.id == async.data.id' }])
    expect(byId['player-test-tick']!.triggers).toEqual([{ cron: '0 * * * *' }])
    expect(byId['player-test-hello']!.steps.step!.runtime.url).toBe(`${app.appUrl}?fnId=player-test-hello&stepId=step`)
  })

  it('runs a function step by step, each step body once', async () => {
    const [id] = await app.player.send({ name: 'test/hello', data: { name: 'herald' } })
    await app.player.drain()
    const run = app.player.runs.find((r) => r.event.id === id)!
    expect(run).toMatchObject({ status: 'completed', output: 'HELLO HERALD' })
    expect(run.ops.map((o) => o.op)).toEqual(['StepRun', 'StepRun'])
    expect(Object.keys(run.steps)).toHaveLength(2)
    expect([app.ran.get('greet'), app.ran.get('shout')]).toEqual([1, 1])
  })

  it('resumes a sleep at once, and events sent from a step start the functions they trigger', async () => {
    await app.player.send({ name: 'test/sleep', data: { id: 's1', until: inAnHour() } })
    await app.player.drain()
    const sleeper = app.player.runs.find((r) => r.fnId === 'player-test-sleeper')!
    expect(sleeper).toMatchObject({ status: 'completed', output: 'woke' })
    expect(sleeper.ops[0]).toMatchObject({ op: 'Sleep', displayName: 'until-due' })
    expect(app.player.events.map((e) => e.name)).toContain('test/slept')
    expect(app.player.runs.find((r) => r.fnId === 'player-test-on-slept')).toMatchObject({ status: 'completed', output: 's1' })
    expect(app.ran.get('slept:s1')).toBe(1)
  })

  it('retries a failing step with the next attempt, and fails a run after its retries', async () => {
    await app.player.send([{ name: 'test/flaky' }, { name: 'test/broken' }, { name: 'test/refuses' }])
    await app.player.drain()
    const flaky = app.player.runs.find((r) => r.fnId === 'player-test-flaky')!
    expect(flaky).toMatchObject({ status: 'completed', output: 'third time' })
    expect(flaky.ops.map((o) => o.op)).toEqual(['StepError', 'StepError', 'StepRun'])
    const broken = app.player.runs.find((r) => r.fnId === 'player-test-broken')!
    expect(broken).toMatchObject({ status: 'failed', error: expect.objectContaining({ message: 'always' }) })
    expect(app.ran.get('broken')).toBe(2) // retries: 1 → two attempts
    expect(app.player.runs.find((r) => r.fnId === 'player-test-refuses')).toMatchObject({ status: 'failed' })
    expect(app.ran.get('refuses')).toBe(1)
  })

  it('holds a concurrency key: the runs of one key step one at a time', async () => {
    await app.player.send(['a', 'a', 'a', 'b'].map((group) => ({ name: 'test/serial', data: { group } })))
    await app.player.drain()
    const serial = app.player.runs.filter((r) => r.fnId === 'player-test-one-at-a-time')
    expect(serial.map((r) => r.status)).toEqual(['completed', 'completed', 'completed', 'completed'])
    expect(app.ran.get('most inside:a')).toBe(1)
  })

  it('fires a cron function on demand', async () => {
    const run = await app.player.runCron('tick')
    await app.player.drain()
    expect(run).toMatchObject({ status: 'completed', output: 'inngest/scheduled.timer' })
  })

  it('fails a run that keeps sleeping instead of spinning forever', async () => {
    await app.player.send({ name: 'test/forever' })
    await app.player.drain()
    const run = app.player.runs.find((r) => r.fnId === 'player-test-forever')!
    expect(run).toMatchObject({ status: 'failed', requests: 30 })
    expect(String(run.error)).toMatch(/more than 30 calls/)
  })

  it('takes events at /e/<event key> only', async () => {
    const wrong = await fetch(new URL('e/not-the-key', app.player.eventApiUrl), { method: 'POST', body: '[]' })
    expect(wrong.status).toBe(401)
  })
})

describe('inngest player, sleeps held', () => {
  let app: TestApp
  beforeAll(async () => {
    app = await startTestApp('manual')
  })
  afterAll(() => app.close())

  it('cancels a sleeping run when a matching cancel event arrives, and only then', async () => {
    await app.player.send({ name: 'test/sleep', data: { id: 'c1', until: inAnHour() } })
    await app.player.drain()
    const run = app.player.runs.find((r) => r.fnId === 'player-test-sleeper')!
    expect(run.status).toBe('waiting')
    await app.player.send({ name: 'test/cancel', data: { id: 'someone-else' } })
    expect(run.status).toBe('waiting')
    await app.player.send({ name: 'test/cancel', data: { id: 'c1' } })
    expect(run.status).toBe('cancelled')
    await app.player.drain(5_000, { wake: true })
    expect(app.player.events.map((e) => e.name)).not.toContain('test/slept')
  })

  it('resumes a sleep when woken', async () => {
    await app.player.send({ name: 'test/sleep', data: { id: 'w1', until: inAnHour() } })
    await app.player.drain()
    const run = app.player.runs.find((r) => r.event.data?.id === 'w1')!
    expect(run.status).toBe('waiting')
    await app.player.drain(10_000, { wake: true })
    expect(run).toMatchObject({ status: 'completed', output: 'woke' })
  })

  it('resolves waitForEvent with the matching event, or null when it times out', async () => {
    await app.player.send([
      { name: 'test/ask', data: { id: 'q1' } },
      { name: 'test/ask', data: { id: 'q2' } },
    ])
    await app.player.drain()
    const [q1, q2] = app.player.runs.filter((r) => r.fnId === 'player-test-waiter')
    expect([q1!.status, q2!.status]).toEqual(['waiting', 'waiting'])
    await app.player.send({ name: 'test/answer', data: { id: 'q1', yes: true } })
    await app.player.drain()
    expect(q1).toMatchObject({ status: 'completed', output: { id: 'q1', yes: true } })
    expect(q2!.status).toBe('waiting')
    await app.player.drain(10_000, { wake: true })
    expect(q2).toMatchObject({ status: 'completed', output: 'timed out' })
  })

  it('is refused by the SDK when a request is unsigned, wrongly signed or expired', async () => {
    const body = canonicalJson({
      event: { name: 'test/hello', data: { name: 'x' } },
      events: [{ name: 'test/hello', data: { name: 'x' } }],
      steps: {},
      ctx: { run_id: 'run-1', attempt: 0, disable_immediate_execution: false, use_api: false, stack: { stack: [], current: 0 } },
    })
    const url = `${app.appUrl}?fnId=player-test-hello&stepId=step`
    const post = (headers: Record<string, string>) => fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } })
    const before = app.ran.get('greet') ?? 0
    expect((await post({})).status).toBe(401)
    expect((await post({ 'X-Inngest-Signature': inngestSignature(body, testSigningKey()) })).status).toBe(401)
    const stale = Math.round(Date.now() / 1000) - 600
    expect((await post({ 'X-Inngest-Signature': inngestSignature(body, app.signingKey, stale) })).status).toBe(401)
    expect(app.ran.get('greet') ?? 0).toBe(before)
    // The same request, signed: the SDK runs the first step.
    expect((await post({ 'X-Inngest-Signature': inngestSignature(body, app.signingKey) })).status).toBe(206)
    expect(app.ran.get('greet')).toBe(before + 1)

    expect((await fetch(app.appUrl)).status).toBe(401)
    const introspection = await app.player.request('GET')
    expect(introspection.status).toBe(200)
    expect(await introspection.json()).toMatchObject({ mode: 'cloud', authentication_succeeded: true, function_count: 10 })
  })
})

describe('inngest player, crons on a timer', () => {
  let app: TestApp
  beforeAll(async () => {
    app = await startTestApp('skip', { cronEveryMs: 50 })
  })
  afterAll(() => app.close())

  it('fires every cron function again and again', async () => {
    const deadline = Date.now() + 10_000
    while ((app.ran.get('tock') ?? 0) < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    expect(app.ran.get('tock')).toBeGreaterThanOrEqual(3)
    expect(app.player.runs.every((r) => r.fnId === 'player-test-tick')).toBe(true)
  })
})
