import { DescribeExecutionCommand, DescribeExecutionOutput, SFNClient, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';

export interface WaitOptions {
  readonly pollMs?: number;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Called after every poll while the execution runs. */
  readonly onPoll?: () => Promise<void> | void;
}

/**
 * Starts a named execution (moto gives unnamed executions the ARN `…:None`, and the next one
 * collides; DESIGN.md quirk 4) and waits for a terminal status. On abort or timeout the execution
 * is stopped before the error propagates, so nothing keeps running in the target.
 */
export async function startAndWait(sfn: SFNClient, stateMachineArn: string, name: string, input: unknown, opts: WaitOptions): Promise<DescribeExecutionOutput> {
  const started = await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }), { abortSignal: opts.signal });
  const executionArn = started.executionArn!;
  const deadline = Date.now() + opts.timeoutMs;
  try {
    for (;;) {
      opts.signal?.throwIfAborted();
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (d.status && d.status !== 'RUNNING' && d.status !== 'PENDING_REDRIVE') return d;
      if (Date.now() > deadline) throw new Error(`execution ${name} still ${d.status} after ${Math.round(opts.timeoutMs / 1000)} s`);
      await opts.onPoll?.();
      await sleep(opts.pollMs ?? 250, opts.signal);
    }
  } catch (e) {
    await sfn.send(new StopExecutionCommand({ executionArn, error: 'scalesim.Stopped', cause: String((e as Error).message ?? e) })).catch(() => undefined);
    throw e;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason instanceof Error ? signal!.reason : new Error('aborted'));
    };
    // The listener goes when the timer fires; one per poll would pile up on a long execution.
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
