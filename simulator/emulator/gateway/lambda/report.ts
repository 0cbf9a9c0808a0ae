/**
 * The platform lines the Lambda service writes around every invocation, in AWS's exact format, so that
 * the collector parses the same text on the emulator and on AWS.
 *
 *   START RequestId: <id> Version: $LATEST
 *   END RequestId: <id>
 *   REPORT RequestId: <id>\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\tInit Duration: 150.12 ms\t
 *
 * AWS appends `Status: timeout` or `Status: error\tError Type: Runtime.OutOfMemory` when the environment
 * was reset, and every REPORT line ends with a tab.
 */

export interface ReportFields {
  readonly requestId: string;
  readonly durationMs: number;
  readonly billedDurationMs: number;
  readonly memorySizeMb: number;
  readonly maxMemoryUsedMb: number;
  readonly initDurationMs?: number;
  /** Present when the environment did not finish normally. */
  readonly status?: 'timeout' | 'error';
  readonly errorType?: string;
}

export function startLine(requestId: string): string {
  return `START RequestId: ${requestId} Version: $LATEST`;
}

export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

export function reportLine(f: ReportFields): string {
  let s =
    `REPORT RequestId: ${f.requestId}\tDuration: ${f.durationMs.toFixed(2)} ms\tBilled Duration: ${f.billedDurationMs} ms\t` +
    `Memory Size: ${f.memorySizeMb} MB\tMax Memory Used: ${f.maxMemoryUsedMb} MB\t`;
  if (f.initDurationMs !== undefined) s += `Init Duration: ${f.initDurationMs.toFixed(2)} ms\t`;
  if (f.status) s += `Status: ${f.status}\t`;
  if (f.errorType) s += `Error Type: ${f.errorType}\t`;
  return s;
}

/**
 * Billed duration in ms. Lambda bills per 1 ms, rounded up. Since 1 August 2025 the INIT phase is billed
 * too for on-demand functions with managed runtimes and zip packages ("AWS Lambda standardizes billing
 * for INIT Phase", AWS Compute Blog, 29 April 2025:
 * https://aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase/), so a cold start
 * bills ceil(duration + init).
 */
export function billedDurationMs(durationMs: number, initDurationMs?: number): number {
  return Math.max(1, Math.ceil(durationMs + (initDurationMs ?? 0)));
}

/** Lambda reports memory in whole MB (MiB). */
export function kbToMb(kb: number): number {
  return Math.ceil(kb / 1024);
}

export interface ParsedReport {
  readonly requestId: string;
  readonly durationMs: number;
  readonly billedDurationMs: number;
  readonly memorySizeMb: number;
  readonly maxMemoryUsedMb: number;
  readonly initDurationMs?: number;
  readonly status?: string;
  readonly errorType?: string;
}

const REPORT_RE =
  /^REPORT RequestId: (\S+)\tDuration: ([\d.]+) ms\tBilled Duration: (\d+) ms\tMemory Size: (\d+) MB\tMax Memory Used: (\d+) MB\t(?:Init Duration: ([\d.]+) ms\t)?(?:Status: (\w+)\t)?(?:Error Type: (\S+)\t)?/;

/** Parses one REPORT line as AWS writes it; undefined for any other line. */
export function parseReportLine(line: string): ParsedReport | undefined {
  const m = REPORT_RE.exec(line);
  if (!m) return undefined;
  return {
    requestId: m[1]!,
    durationMs: Number(m[2]),
    billedDurationMs: Number(m[3]),
    memorySizeMb: Number(m[4]),
    maxMemoryUsedMb: Number(m[5]),
    ...(m[6] !== undefined ? { initDurationMs: Number(m[6]) } : {}),
    ...(m[7] !== undefined ? { status: m[7] } : {}),
    ...(m[8] !== undefined ? { errorType: m[8] } : {}),
  };
}
