import type { DriftKind } from '../../lib/workload/event-schema';
import type { DatasetStats, RunSummary } from '../../lib/workload/quality';
import type { SchemaRegistry } from '../../lib/workload/registry';

/**
 * Aggregates only: when a run replays a sample of real events, what results.json (and the reports
 * rendered from it) say about the data must not carry the sample's strings. The processor's quality
 * summary is counts, but two of its maps are keyed by names that come from the data: `datasets`
 * (dataset names) and `drift.byField` (`dataset.field`, and for an added field the sample's own key).
 * Here both are re-keyed by position in the registry (`dataset-01`, `dataset-01.field-03`), and every
 * unregistered field of a dataset is counted under `dataset-01.(added)`. Deterministic, so both
 * designs' summaries stay equal. Pure.
 */

export function pseudonymousQuality(q: RunSummary, registry: SchemaRegistry): RunSummary {
  const width = Math.max(2, String(registry.datasets.length).length);
  const dsLabel = (i: number) => `dataset-${String(i + 1).padStart(width, '0')}`;
  const byName = new Map(registry.datasets.map((d, i) => [d.name, i]));
  // Longest names first, so `a.b` wins over `a` as the dataset of `a.b.c`.
  const names = [...byName.keys()].sort((a, b) => b.length - a.length);

  const datasets: Record<string, DatasetStats> = {};
  let unknown = 0;
  for (const [name, stats] of Object.entries(q.datasets)) {
    const i = byName.get(name);
    const key = i === undefined ? `dataset-unregistered-${++unknown}` : dsLabel(i);
    datasets[key] = stats;
  }

  const byField: Record<string, Partial<Record<DriftKind, number>>> = {};
  for (const [key, kinds] of Object.entries(q.drift.byField)) {
    const ds = names.find((n) => key.startsWith(`${n}.`));
    let label: string;
    if (ds === undefined) label = '(unregistered dataset).(field)';
    else {
      const i = byName.get(ds)!;
      const field = key.slice(ds.length + 1);
      const j = registry.datasets[i]!.fields.findIndex((f) => f.name === field);
      label = `${dsLabel(i)}.${j >= 0 ? `field-${String(j + 1).padStart(2, '0')}` : '(added)'}`;
    }
    const into = (byField[label] ??= {});
    for (const [k, n] of Object.entries(kinds) as [DriftKind, number][]) into[k] = (into[k] ?? 0) + n;
  }
  const sortedByField: Record<string, Partial<Record<DriftKind, number>>> = {};
  for (const k of Object.keys(byField).sort()) sortedByField[k] = byField[k]!;
  const sortedDatasets: Record<string, DatasetStats> = {};
  for (const k of Object.keys(datasets).sort()) sortedDatasets[k] = datasets[k]!;
  return { ...q, datasets: sortedDatasets, drift: { ...q.drift, byField: sortedByField } };
}
