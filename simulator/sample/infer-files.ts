import * as fs from 'fs';
import type { SchemaRegistry } from '../../lib/workload/registry';
import { LINE, LineClassifier, openRegistry } from '../infer/classify';
import { type SampleEstimates, SampleEstimator } from '../infer/estimate';
import { applyMapping, type FieldMapping } from '../infer/mapping';
import { MAX_DATASETS, ShapeCollector } from '../infer/shapes';
import { readUserLines } from '../io/read-user-stream';
import { type SampleFiles, sampleSha256 } from './files';

/**
 * `scenario infer` over files: streams the sample (twice when the registry is inferred: shapes first,
 * then every line classified against the registry) into the pure estimators of simulator/infer. Holds
 * counts and the registry, never the sample: memory does not grow with its size.
 */

export interface InferFilesOptions {
  readonly sample: SampleFiles;
  readonly slaMinutes: number;
  /** The registry to measure drift against; inferred from the dominant shapes when absent. */
  readonly registry?: SchemaRegistry;
  readonly mapping?: FieldMapping;
  readonly signal?: AbortSignal;
  /** Bytes read from disk so far, of the total the passes read. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface InferredSample {
  readonly estimates: SampleEstimates;
  /** The registry written next to the scenario: observed datasets first, most records first. */
  readonly registry: SchemaRegistry;
  readonly registrySource: 'given' | 'inferred';
  readonly warnings: readonly string[];
  readonly sha256: string;
  /** Bytes as stored. */
  readonly bytes: number;
  /** At least one file was gzip. */
  readonly gzip: boolean;
}

export async function inferFromFiles(o: InferFilesOptions): Promise<InferredSample> {
  const sizes = o.sample.files.map((f) => fs.statSync(f).size);
  const perPass = sizes.reduce((a, b) => a + b, 0);
  const passes = o.registry ? 2 : 3;
  let progressed = 0;
  const report = (n: number) => o.onProgress?.(progressed + n, perPass * passes);
  const hash = await sampleSha256(o.sample, o.signal);
  progressed += perPass;
  report(0);

  let registry = o.registry;
  let warnings: readonly string[] = [];
  if (!registry) {
    const shapes = new ShapeCollector();
    const open = new LineClassifier(openRegistry(MAX_DATASETS), o.slaMinutes);
    await eachLine(o, report, (text, where, oversized) => {
      // With no registered fields nothing drifts in a breaking way: a sound, unique record is curated.
      if (open.classify(text, oversized) !== LINE.curated) return;
      const v = open.verdict;
      const rec = open.parsed as { payload: Record<string, unknown>; schema_version: number; pipeline: string };
      shapes.add({ dataset: v.dataset!.def.name, payload: rec.payload, schemaVersion: rec.schema_version, upstream: v.upstream, pipeline: rec.pipeline }, where);
    });
    progressed += perPass;
    const built = shapes.build('Inferred by scalesim scenario infer from the dominant payload shapes of a sample; datasets most records first.');
    registry = built.registry;
    warnings = built.warnings;
  }

  const estimator = new SampleEstimator(registry, o.slaMinutes);
  let file = -1;
  await eachLine(o, report, (text, _where, oversized, f, bytes) => {
    if (f !== file) {
      file = f;
      estimator.beginFile();
    }
    estimator.add(text, bytes, oversized);
  });
  const estimates = estimator.result();
  // Observed datasets first, most records first: a scenario with workload.datasets = N uses the first N.
  const order = registry.datasets.map((d, i) => ({ d, n: estimates.observedByDataset[i] ?? 0, i })).sort((a, b) => b.n - a.n || a.i - b.i);
  const written: SchemaRegistry = {
    ...registry,
    datasets: order.map((x) => x.d),
  };
  return {
    estimates: { ...estimates, observedByDataset: order.map((x) => x.n) },
    registry: written,
    registrySource: o.registry ? 'given' : 'inferred',
    warnings,
    sha256: hash.sha256,
    bytes: hash.bytes,
    gzip: hash.gzip,
  };
}

/** Every line of every file, mapped when a mapping is given; `where` names the line without quoting it. */
async function eachLine(
  o: InferFilesOptions,
  report: (n: number) => void,
  fn: (text: string, where: string, oversized: boolean, file: number, bytes: number) => void,
): Promise<void> {
  let done = 0;
  for (let f = 0; f < o.sample.files.length; f++) {
    const base = done;
    const display = o.sample.display[f]!;
    // An empty file is still a partition of the sample (0 events) for the skew.
    fn('', `${display}`, false, f, 0);
    for await (const l of readUserLines(o.sample.files[f]!, { what: 'sample', display, signal: o.signal, onBytes: (b) => report(base + b) })) {
      let text = l.text;
      if (o.mapping && !l.oversized) {
        try {
          text = JSON.stringify(applyMapping(JSON.parse(text), o.mapping));
        } catch {
          // Not JSON: classified as it is (invalid or truncated).
        }
      }
      fn(text, `line ${l.lineNo} of ${display}`, l.oversized, f, l.bytes);
    }
    done += fs.statSync(o.sample.files[f]!).size;
  }
}
