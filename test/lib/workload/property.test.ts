import fc from 'fast-check';
import * as zlib from 'zlib';
import type { RunManifest } from '../../../lib/workload/contract';
import { DRIFT_KINDS } from '../../../lib/workload/event-schema';
import { processPartition } from '../../../lib/workload/partition-job';
import { PartitionCore } from '../../../lib/workload/processor';
import { parseManifest } from '../../../lib/workload/run-manifest';
import { LocalStorage } from '../../../lib/workload/storage';
import { generateRun, GenerationSink } from '../../../simulator/generate/generator';
import { REGISTRY, scenario, ScenarioPatch, tmpDir } from './run-fixtures';
import { partitionTextArb } from './arbitraries';
import { COMPILED } from './fixtures';
import * as path from 'path';

/** Keeps every generated object in memory. */
function memorySink(): GenerationSink & { files: Map<string, Buffer>; manifest?: RunManifest } {
  const files = new Map<string, Buffer>();
  const sink: GenerationSink & { files: Map<string, Buffer>; manifest?: RunManifest } = {
    files,
    async openPartition(key) {
      const chunks: Buffer[] = [];
      return {
        write: async (b) => void chunks.push(Buffer.from(b)),
        close: async () => void files.set(key, Buffer.concat(chunks)),
        abort: async () => undefined,
      };
    },
    async writeManifest(m) {
      sink.manifest = m;
    },
  };
  return sink;
}

const rate = fc.double({ min: 0, max: 1, noNaN: true });
const patchArb: fc.Arbitrary<ScenarioPatch> = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  workload: fc.record({
    events: fc.integer({ min: 4, max: 400 }),
    partitions: fc.integer({ min: 1, max: 4 }),
    datasets: fc.integer({ min: 1, max: 32 }),
    pipelines: fc.integer({ min: 1, max: 8 }),
    skew: fc.record({ zipfExponent: fc.double({ min: 0, max: 3, noNaN: true }) }),
    freshness: fc.record({ slaMinutes: fc.integer({ min: 1, max: 10_080 }), lateRate: rate }),
    schemaDrift: fc.record({ rate, kinds: fc.tuple(...DRIFT_KINDS.map(() => fc.integer({ min: 0, max: 5 }))).map((w) => Object.fromEntries(DRIFT_KINDS.map((k, i) => [k, i === 0 ? w[i]! + 1 : w[i]!]))) }),
    lineage: fc.record({ missingRate: rate }),
    duplicateRate: rate,
    corruptRate: rate,
    eventSize: fc.record({ distribution: fc.constantFrom('fixed' as const, 'lognormal' as const), medianBytes: fc.integer({ min: 16, max: 600 }), sigma: fc.double({ min: 0, max: 1, noNaN: true }) }),
    compression: fc.constantFrom('none' as const, 'gzip' as const),
  }),
  faults: fc.record({ driftBurstPartitionRate: rate, lateWavePartitionRate: rate }),
});

function coreOver(bytes: Buffer, key: string, sla: number, step: number) {
  const core = new PartitionCore({ partition: key, registry: COMPILED_FOR_RUN ?? COMPILED, slaMinutes: sla });
  for (let i = 0; i < bytes.length; i += step) core.pushBytes(bytes.subarray(i, i + step));
  return core.finish();
}
let COMPILED_FOR_RUN: typeof COMPILED | undefined;

describe('accounting invariant, property-based', () => {
  test('over random scenarios: every partition adds up, and the processor finds exactly what the generator injected', async () => {
    await fc.assert(
      fc.asyncProperty(patchArb, fc.integer({ min: 1, max: 5000 }), async (patch, step) => {
        const s = scenario(patch);
        const sink = memorySink();
        const m = await generateRun(s, REGISTRY, sink);
        COMPILED_FOR_RUN = parseManifest(m).registry;
        expect(m.partitions.reduce((n, p) => n + p.events, 0)).toBe(s.workload.events);
        for (const p of m.partitions) {
          let bytes = sink.files.get(p.key)!;
          if (m.compression === 'gzip') bytes = zlib.gunzipSync(bytes);
          const r = coreOver(bytes, p.key, m.freshnessSlaMinutes, step);
          expect(r.accounting.input).toBe(p.events);
          expect({ curated: r.accounting.curated, quarantined: r.accounting.quarantined, duplicatesDropped: r.accounting.duplicatesDropped }).toEqual(p.injected!.expected);
          expect(r.quality.freshness.late).toBe(p.injected!.late);
          expect(r.quality.lineage.missing).toBe(p.injected!.lineageMissing);
          expect(r.quality.drift.byKind).toEqual(p.injected!.drift.byKind);
          expect(r.quality.quarantineReasons).toMatchObject(p.injected!.corrupt);
        }
      }),
      { numRuns: 30 },
    );
  });

  test('over random lines and random byte corruption: the core never throws and always adds up', () => {
    const mutation = fc.oneof(
      fc.record({ op: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ op: fc.constant('newline' as const), at: fc.nat(), byte: fc.constant(10) }),
      fc.record({ op: fc.constant('delete' as const), at: fc.nat(), byte: fc.integer({ min: 1, max: 50 }) }),
      fc.record({ op: fc.constant('insert' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    );
    fc.assert(
      fc.property(partitionTextArb, fc.array(mutation, { maxLength: 20 }), fc.integer({ min: 1, max: 300 }), (text, muts, step) => {
        let b = Buffer.from(text, 'utf8');
        for (const m of muts) {
          if (b.length === 0) break;
          const at = m.at % b.length;
          if (m.op === 'flip') b[at] = m.byte;
          else if (m.op === 'newline' || m.op === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.from([m.byte]), b.subarray(at)]);
          else b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.byte)]);
        }
        COMPILED_FOR_RUN = undefined;
        const r = coreOver(b, 'p', 60, step); // finish() throws if the invariant breaks
        const nonBlank = b.toString('utf8').split('\n').filter((l) => l.trim().length > 0).length;
        return r.accounting.input === nonBlank && r.accounting.input === r.accounting.curated + r.accounting.quarantined + r.accounting.duplicatesDropped;
      }),
      { numRuns: 300 },
    );
  });

  test('random corruption of a gzip partition gives an ok or a failed partition, never a crash', async () => {
    const sink = memorySink();
    const m = await generateRun(scenario({ workload: { events: 300, partitions: 1, compression: 'gzip' } }), REGISTRY, sink);
    const original = sink.files.get(m.partitions[0]!.key)!;
    const dir = tmpDir('gzprop');
    const storage = new LocalStorage({ raw: dir, curated: path.join(dir, 'c'), quarantine: path.join(dir, 'q'), audit: path.join(dir, 'a') }, 'r/');
    const loaded = parseManifest(m);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), fc.option(fc.nat()), async (flips, cut) => {
        const b = Buffer.from(original);
        for (const [at, v] of flips) b[at % b.length] = v;
        await storage.put('raw', `r/partitions/${m.partitions[0]!.key}`, cut === null ? b : b.subarray(0, cut % b.length));
        const r = await processPartition({ storage, runId: 'r', key: m.partitions[0]!.key, manifest: loaded, design: 'test' });
        if (r.outcome.status === 'ok') {
          const a = r.outcome.accounting!;
          return a.input === a.curated + a.quarantined + a.duplicatesDropped;
        }
        return /^gzip stream truncated or corrupt: /.test(r.outcome.reason!);
      }),
      { numRuns: 60 },
    );
  });
});
