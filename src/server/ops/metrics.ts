import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { timingSafeEqual } from 'node:crypto';
import type { ServerDb } from '../db/server-database.ts';

/**
 * What the person who runs the API watches (`GET /metrics`, Prometheus text format, prom-client):
 * request latency per route, sync volume, refused commands, the mail outbox, consoles by how long
 * since they were seen, the database pool, and Node's own (event-loop lag, memory). Per process:
 * behind several API processes, Prometheus scrapes each.
 */
export const createMetrics = (database: ServerDb, clock: () => Date) => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'presidio_' });
  const requestDuration = new Histogram({
    name: 'presidio_http_request_duration_seconds',
    help: 'Durata delle richieste HTTP per percorso (il modello del percorso, mai l’indirizzo con i suoi parametri).',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const pushedCommands = new Counter({ name: 'presidio_sync_pushed_commands_total', help: 'Comandi ricevuti dalle postazioni, per esito.', labelNames: ['status'] as const, registers: [registry] });
  const rejectedCommands = new Counter({ name: 'presidio_sync_rejected_commands_total', help: 'Comandi rifiutati, per codice d’errore.', labelNames: ['code'] as const, registers: [registry] });
  const pushSize = new Histogram({ name: 'presidio_sync_push_batch_commands', help: 'Comandi per invio.', buckets: [1, 5, 20, 50, 100, 200, 500], registers: [registry] });
  const pulledChanges = new Counter({ name: 'presidio_sync_pulled_changes_total', help: 'Modifiche consegnate alle postazioni.', registers: [registry] });
  const pullSize = new Histogram({ name: 'presidio_sync_pull_page_changes', help: 'Modifiche per pagina scaricata.', buckets: [0, 1, 10, 100, 500, 1000, 2000, 5000], registers: [registry] });
  new Gauge({
    name: 'presidio_mail_outbox',
    help: 'E-mail in uscita per stato (parked: ferme dopo troppi tentativi).',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const rows = await database.db.selectFrom('mail_outbox').select(['status', (eb) => eb.fn.countAll<number>().as('count')]).groupBy('status').execute();
      this.reset();
      for (const status of ['queued', 'sent', 'failed', 'parked'] as const) this.set({ status }, Number(rows.find((row) => row.status === status)?.count ?? 0));
    },
  });
  new Gauge({
    name: 'presidio_consoles',
    help: 'Postazioni per tempo dall’ultima sincronizzazione (within_hour, within_day, over_day).',
    labelNames: ['last_seen'] as const,
    registers: [registry],
    async collect() {
      const now = clock().getTime();
      const rows = await database.db.selectFrom('sync_clients').select(['last_pull_at', 'updated_at']).execute();
      const counts = { within_hour: 0, within_day: 0, over_day: 0 };
      for (const row of rows) {
        const seen = Date.parse(row.last_pull_at ?? row.updated_at);
        const age = now - seen;
        if (age <= 3_600_000) counts.within_hour += 1;
        else if (age <= 86_400_000) counts.within_day += 1;
        else counts.over_day += 1;
      }
      this.reset();
      for (const [lastSeen, count] of Object.entries(counts)) this.set({ last_seen: lastSeen }, count);
    },
  });
  new Gauge({
    name: 'presidio_db_pool_connections',
    help: 'Connessioni del pool PostgreSQL (total, idle, waiting: richieste in attesa di una connessione).',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const stats = database.poolStats?.();
      this.reset();
      if (!stats) return;
      this.set({ state: 'total' }, stats.total);
      this.set({ state: 'idle' }, stats.idle);
      this.set({ state: 'waiting' }, stats.waiting);
    },
  });
  return {
    registry,
    observeRequest: (method: string, route: string, status: number, seconds: number) => requestDuration.observe({ method, route, status: String(status) }, seconds),
    observePush: (results: ReadonlyArray<{ status: string; error?: { code: string } | undefined }>) => {
      pushSize.observe(results.length);
      for (const result of results) {
        pushedCommands.inc({ status: result.status });
        if (result.status === 'rejected' && result.error) rejectedCommands.inc({ code: result.error.code });
      }
    },
    observePull: (changes: number) => {
      pulledChanges.inc(changes);
      pullSize.observe(changes);
    },
  };
};
export type Metrics = ReturnType<typeof createMetrics>;

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Who may scrape: a request from this machine that no proxy forwarded (a local reverse proxy adds
 * X-Forwarded-For, so the internet never reaches it through one), or one presenting the scrape
 * token (`PRESIDIO_METRICS_TOKEN`).
 */
export const mayScrape = (request: Pick<FastifyRequest, 'ip' | 'headers'> & { socket: { remoteAddress?: string | undefined } }, token: string | null): boolean => {
  const presented = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (token && presented) {
    const given = Buffer.from(presented);
    const expected = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
  return loopback.has(request.socket.remoteAddress ?? '') && loopback.has(request.ip) && request.headers['x-forwarded-for'] === undefined && request.headers['forwarded'] === undefined;
};

/** Times every answer under its route's pattern, and serves the scrape. */
export const registerMetrics = (app: FastifyInstance, metrics: Metrics, scrapeToken: string | null): void => {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
  app.get('/metrics', async (request, reply) => {
    if (!mayScrape(request, scrapeToken)) return reply.code(403).type('text/plain; charset=utf-8').send('Metriche leggibili solo da questa macchina o con il token di raccolta.\n');
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
};
