import * as fs from 'fs';
import * as path from 'path';
import { LocalStorage } from '../../../lib/workload/storage';
import { generateRun } from '../../../simulator/generate/generator';
import { directorySink, nullSink, storageSink } from '../../../simulator/generate/sinks';
import { REGISTRY, generated, scenario, tmpDir } from '../../lib/workload/run-fixtures';

describe('sinks', () => {
  test('directorySink replaces a previous run in the same directory', async () => {
    const dir = tmpDir('replace');
    await generateRun(scenario({ workload: { events: 100, partitions: 4, compression: 'none' } }), REGISTRY, directorySink(dir));
    await generateRun(scenario({ workload: { events: 100, partitions: 2, compression: 'none' } }), REGISTRY, directorySink(dir));
    expect(fs.readdirSync(path.join(dir, 'partitions')).sort()).toEqual(['part-00000.ndjson', 'part-00001.ndjson']);
  });

  test('directorySink refuses a non-empty directory that is not a run, and a file', async () => {
    const dir = tmpDir('occupied');
    fs.writeFileSync(path.join(dir, 'thesis.tex'), '');
    await expect(generateRun(scenario({ workload: { events: 10, partitions: 1 } }), REGISTRY, directorySink(dir))).rejects.toThrow(
      /is not empty and was not written by scalesim \(it holds thesis.tex\); .*it never deletes files it did not write/,
    );
    await expect(generateRun(scenario({ workload: { events: 10, partitions: 1 } }), REGISTRY, directorySink(path.join(dir, 'thesis.tex')))).rejects.toThrow(/exists and is not a folder/);
  });

  test('storageSink lands under <runId>/ in the raw zone the same objects directorySink writes to disk', async () => {
    const { dir, manifest } = await generated({ workload: { events: 300, partitions: 2, compression: 'gzip' } });
    const root = tmpDir('raw-a');
    const zones = new LocalStorage({ raw: root, curated: root, quarantine: root, audit: root });
    const m = await generateRun(scenario({ workload: { events: 300, partitions: 2, compression: 'gzip' } }), REGISTRY, storageSink(zones, 'run-7'));
    expect(m).toEqual(manifest);
    expect(fs.readdirSync(path.join(root, 'run-7', 'partitions')).sort()).toEqual(manifest.partitions.map((p) => p.key));
    for (const p of manifest.partitions) {
      expect(fs.readFileSync(path.join(root, 'run-7', 'partitions', p.key))).toEqual(fs.readFileSync(path.join(dir, 'partitions', p.key)));
    }
    expect(JSON.parse(fs.readFileSync(path.join(root, 'run-7', 'manifest.json'), 'utf8'))).toEqual(manifest);
  });

  test('nullSink keeps only the manifest', async () => {
    const sink = nullSink();
    const m = await generateRun(scenario({ workload: { events: 50, partitions: 1 } }), REGISTRY, sink);
    expect(sink.manifest).toBe(m);
  });
});
