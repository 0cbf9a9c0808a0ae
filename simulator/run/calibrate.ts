import * as path from 'path';
import { loadPriceSnapshot } from '../cost/prices/load';
import { priceTableFromSnapshot } from '../cost/prices/table';
import { UserError } from '../errors';
import { backtest, type BacktestRow, type CalibrationFit, calibrationInputs, fitCalibration } from '../model/calibrate-fit';
import { type ArtifactSizes, resolveCalibration } from '../model/calibration';
import { loadResults } from '../results/load';
import { type LoadedCalibration, loadCalibration, writeCalibration } from './calibration-file';
import { runsOf } from './finalize';

export interface CalibrateOptions {
  /** Where to write the fitted profile. @default the results file's directory */
  readonly outDir?: string;
  /** The base profile (the one backtested, and the source of every constant the run cannot fit). @default calibration/aws-<region>.yaml */
  readonly calibrationFile?: string;
  readonly cwd: string;
  /** YYYY-MM-DD. */
  readonly today: string;
}

export interface CalibrateOutcome {
  readonly file: string;
  readonly base: LoadedCalibration;
  readonly fit: CalibrationFit;
  /** The base profile's projection error against the run, and the fitted profile's. */
  readonly backtest: { readonly base: readonly BacktestRow[]; readonly fitted: readonly BacktestRow[] };
}

/**
 * `scalesim calibrate <results.json>`: fits the AWS constants from a run made with `--emulator aws`,
 * writes them as a calibration profile and backtests the base profile against that run.
 */
export function calibrateFromResults(resultsFile: string, o: CalibrateOptions): CalibrateOutcome {
  const abs = path.resolve(o.cwd, resultsFile);
  // A partial run would bend the fit (as it would a sweep's): refused, like `sweep --refit` refuses it.
  const r = loadResults(abs, { incomplete: 'refuse', purpose: 'fit AWS constants from it', display: resultsFile });
  if (r.environment.emulator.kind !== 'aws') {
    throw new UserError(
      `${resultsFile}: a run on ${r.environment.emulator.name} (--emulator ${r.environment.emulator.kind}); calibrating AWS constants from it would fit the emulator. Calibrate from a run made with --emulator aws`,
    );
  }
  const inputs = calibrationInputs(r);
  if (!inputs.designs.length) throw new UserError(`${resultsFile}: no design has the records calibration needs (${inputs.problems.join('; ') || 'no designs'})`);
  const region = r.scenario.spec.region;
  const base = loadCalibration({ region, file: o.calibrationFile, cwd: o.cwd });
  const rel = path.relative(o.cwd, abs) || abs;
  const fit = fitCalibration(r, base.profile, { resultsFile: rel, name: `aws-${region}-calibrated`, today: o.today });
  const outDir = path.resolve(o.cwd, o.outDir ?? path.dirname(abs));
  const file = path.join(outDir, `aws-${region}-calibrated.yaml`);
  writeCalibration(
    file,
    fit.profile,
    [
      `AWS calibration profile fitted by \`scalesim calibrate ${rel}\` on ${o.today}.`,
      `Fitted: ${fit.fitted.map((f) => f.key).join(', ') || 'nothing'}.`,
      `Kept from ${base.file}: ${fit.notFitted.map((n) => `${n.key} (${n.reason})`).join('; ') || 'nothing'}.`,
      `Use it with: scalesim run <scenario> --calibration ${path.relative(o.cwd, file) || file}`,
    ].join('\n'),
  );

  const model = r.model;
  const sizes: ArtifactSizes = model?.calibration?.sizes ?? { lambdaPackageMb: 1 };
  const prices = priceTableFromSnapshot(loadPriceSnapshot({ region }).snapshot);
  const runs = runsOf(r);
  const bt = (p: typeof base.profile) => backtest(runs, r.scenario.spec, prices, resolveCalibration(p, sizes).assumptions, model?.workloadCost);
  return { file, base, fit, backtest: { base: bt(base.profile), fitted: bt(fit.profile) } };
}
