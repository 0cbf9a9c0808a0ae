/**
 * One-off probe (issue 14): could the curated zone be written as Parquet? Measures hyparquet-writer
 * (pure JavaScript, the maintained writer that installs and runs on Node 20 here; @dsnp/parquetjs needs
 * Node >= 24, parquet-wasm needs Arrow tables) against gzip level 3 (what the processor writes) on the
 * same curated records. Not a dependency of scalesim, so it is installed for the probe only:
 *
 *   npx scalesim generate scenarios/baseline.yaml --out /tmp/pq-data --events 100000 --partitions 4
 *   npx scalesim process /tmp/pq-data --out /tmp/pq-out --workers 1
 *   npm install --no-save hyparquet-writer@0.17.0
 *   node bench/parquet-probe.mjs /tmp/pq-out/curated
 *
 * The envelope becomes typed columns; the payload, whose fields differ per dataset, a JSON column. The
 * column building is charged to Parquet (the processor would have to do it); parsing the NDJSON is not.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const { parquetWriteBuffer } = await import('hyparquet-writer');
const dir = process.argv[2];
if (!dir) throw new Error('usage: node bench/parquet-probe.mjs <curated dir>');
const files = fs.readdirSync(dir).map((f) => path.join(dir, f));
const texts = files.map((f) => (f.endsWith('.gz') ? zlib.gunzipSync(fs.readFileSync(f)) : fs.readFileSync(f)));
const records = texts.map((t) => t.toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)));
const events = records.reduce((n, r) => n + r.length, 0);
const textBytes = texts.reduce((n, t) => n + t.length, 0);

const TYPES = {
  event_id: 'STRING', pipeline: 'STRING', dataset: 'STRING', schema_version: 'INT32', event_time: 'TIMESTAMP', ingest_time: 'TIMESTAMP',
  payload: 'JSON', lineage_upstream: 'JSON', volume_records: 'INT64', volume_bytes: 'INT64', classification: 'STRING', actor_role: 'STRING',
  purpose: 'STRING', cross_account: 'BOOLEAN', lag_ms: 'INT64', late: 'BOOLEAN', lineage_complete: 'BOOLEAN', risk_score: 'DOUBLE', risk_level: 'STRING',
};

function parquet(recs) {
  const cols = Object.fromEntries(Object.keys(TYPES).map((k) => [k, []]));
  for (const r of recs) {
    cols.event_id.push(r.event_id); cols.pipeline.push(r.pipeline); cols.dataset.push(r.dataset); cols.schema_version.push(r.schema_version);
    cols.event_time.push(new Date(r.event_time)); cols.ingest_time.push(new Date(r.ingest_time)); cols.payload.push(JSON.stringify(r.payload));
    cols.lineage_upstream.push(r.lineage?.upstream ? JSON.stringify(r.lineage.upstream) : null);
    cols.volume_records.push(BigInt(r.volume.records)); cols.volume_bytes.push(BigInt(r.volume.bytes));
    cols.classification.push(r.access.classification); cols.actor_role.push(r.access.actor_role); cols.purpose.push(r.access.purpose);
    cols.cross_account.push(r.access.cross_account); cols.lag_ms.push(BigInt(r.quality.lag_ms)); cols.late.push(r.quality.late);
    cols.lineage_complete.push(r.quality.lineage_complete); cols.risk_score.push(r.quality.risk_score); cols.risk_level.push(r.quality.risk_level);
  }
  return parquetWriteBuffer({ columnData: Object.entries(cols).map(([name, data]) => ({ name, data, type: TYPES[name] })), statistics: false }).byteLength;
}

function cpu(fn) {
  const c0 = process.cpuUsage();
  const bytes = fn();
  const c = process.cpuUsage(c0);
  return { cpuMs: (c.user + c.system) / 1000, bytes };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const runs = { parquet: [], gzip3: [] };
let sizes = {};
for (let i = 0; i < 5; i++) {
  const p = cpu(() => records.reduce((n, r) => n + parquet(r), 0));
  const g = cpu(() => texts.reduce((n, t) => n + zlib.gzipSync(t, { level: 3 }).length, 0));
  runs.parquet.push(p.cpuMs);
  runs.gzip3.push(g.cpuMs);
  sizes = { parquet: p.bytes, gzip3: g.bytes };
}
const out = {
  events, ndjsonBytes: textBytes,
  parquetSnappy: { medianCpuMs: Math.round(median(runs.parquet)), msPerMillionEvents: Math.round((median(runs.parquet) * 1e6) / events), bytes: sizes.parquet, ratio: +(textBytes / sizes.parquet).toFixed(2) },
  gzipLevel3: { medianCpuMs: Math.round(median(runs.gzip3)), msPerMillionEvents: Math.round((median(runs.gzip3) * 1e6) / events), bytes: sizes.gzip3, ratio: +(textBytes / sizes.gzip3).toFixed(2) },
};
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
