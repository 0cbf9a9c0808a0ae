'use strict';
/*
 * The Lambda execution environment's runtime: one Node process per environment, started by the scalesim
 * gateway (execution-environment.ts) with an IPC channel. Plain CommonJS on purpose: it runs in a bare
 * `node` with no transpiler, exactly like the handler code it loads.
 *
 * Protocol (IPC, JSON):
 *   child  -> parent  {type:'ready', initMs, initError?}            once, after the handler module loaded
 *   parent -> child   {type:'invoke', requestId, event, deadline, context}
 *   child  -> parent  {type:'log', requestId, line}                 console output, AWS Node runtime format
 *   child  -> parent  {type:'result', requestId, ok, payload?|error?, durationMs, maxRssKb}
 *
 * The parent enforces timeout and memory by killing this process; it never asks nicely, as Lambda does not.
 */
const path = require('node:path');
const util = require('node:util');
const { pathToFileURL } = require('node:url');

// If the gateway goes away, so does the environment: no orphans even when the gateway is SIGKILLed.
process.on('disconnect', () => process.exit(0));

const send = (msg) => {
  if (process.connected) process.send(msg);
};

let currentRequestId;

// The AWS Node.js runtime prefixes console output with timestamp, request id and level, tab-separated.
for (const [method, level] of [
  ['log', 'INFO'],
  ['info', 'INFO'],
  ['warn', 'WARN'],
  ['error', 'ERROR'],
  ['debug', 'DEBUG'],
  ['trace', 'TRACE'],
]) {
  console[method] = (...args) => {
    const requestId = currentRequestId;
    const line = `${new Date().toISOString()}\t${requestId ?? 'undefined'}\t${level}\t${util.format(...args)}`;
    send({ type: 'log', requestId, line });
  };
}

function toError(e) {
  if (e instanceof Error) {
    return {
      errorType: e.name && e.name !== 'Error' ? e.name : e.constructor && e.constructor.name ? e.constructor.name : 'Error',
      errorMessage: e.message,
      trace: String(e.stack || '').split('\n'),
    };
  }
  return { errorType: 'Error', errorMessage: typeof e === 'string' ? e : JSON.stringify(e) ?? String(e), trace: [] };
}

async function loadHandler() {
  const taskRoot = process.env.LAMBDA_TASK_ROOT;
  const spec = process.env._HANDLER || 'index.handler';
  const dot = spec.lastIndexOf('.');
  if (dot < 0) {
    throw Object.assign(new Error(`Bad handler ${spec}: expected <module>.<export>`), { name: 'Runtime.MalformedHandlerName' });
  }
  const modulePath = path.resolve(taskRoot, spec.slice(0, dot));
  const exportPath = spec.slice(dot + 1).split('.');
  let mod;
  const candidates = ['.js', '.mjs', '.cjs'].map((ext) => modulePath + ext);
  const found = candidates.find((c) => require('node:fs').existsSync(c));
  if (!found) {
    throw Object.assign(new Error(`Cannot find module '${path.relative(taskRoot, modulePath)}'`), { name: 'Runtime.ImportModuleError' });
  }
  try {
    if (found.endsWith('.mjs')) mod = await import(pathToFileURL(found).href);
    else {
      try {
        mod = require(found);
      } catch (e) {
        // An ES module with a .js extension (package.json "type": "module") must be imported.
        if (e && e.code === 'ERR_REQUIRE_ESM') mod = await import(pathToFileURL(found).href);
        else throw e;
      }
    }
  } catch (e) {
    const err = toError(e);
    throw Object.assign(new Error(err.errorMessage), { name: e && e.name === 'SyntaxError' ? 'Runtime.UserCodeSyntaxError' : 'Runtime.ImportModuleError', stack: e && e.stack });
  }
  let fn = mod;
  for (const p of exportPath) fn = fn == null ? undefined : fn[p];
  if (typeof fn !== 'function' && mod && mod.default) {
    fn = mod.default;
    for (const p of exportPath) fn = fn == null ? undefined : fn[p];
  }
  if (typeof fn !== 'function') {
    throw Object.assign(new Error(`${spec} is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
  }
  return fn;
}

function runHandler(handler, event, context) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const done = (err, value) => {
      if (settled) return;
      settled = true;
      if (err !== undefined && err !== null) reject(err);
      else resolve(value);
    };
    context.done = done;
    context.succeed = (v) => done(null, v);
    context.fail = (e) => done(e ?? new Error('handled'));
    try {
      // Callback-style handlers take three parameters; async ones return a promise.
      const ret = handler(event, context, done);
      if (ret && typeof ret.then === 'function') ret.then((v) => done(null, v), (e) => done(e));
      else if (handler.length < 3) done(null, ret);
    } catch (e) {
      done(e);
    }
  });
}

let handlerPromise;

process.on('message', async (msg) => {
  if (!msg || msg.type !== 'invoke') return;
  const handler = await handlerPromise;
  currentRequestId = msg.requestId;
  const remainingEnd = msg.deadline;
  const context = {
    ...msg.context,
    awsRequestId: msg.requestId,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, remainingEnd - Date.now()),
  };
  const t0 = performance.now();
  let result;
  try {
    const event = msg.event === undefined ? {} : JSON.parse(msg.event);
    const value = await runHandler(handler, event, context);
    const payload = JSON.stringify(value === undefined ? null : value);
    result = { type: 'result', requestId: msg.requestId, ok: true, payload };
  } catch (e) {
    result = { type: 'result', requestId: msg.requestId, ok: false, error: toError(e) };
  }
  result.durationMs = performance.now() - t0;
  result.maxRssKb = process.resourceUsage().maxRSS;
  currentRequestId = undefined;
  send(result);
});

// An error that escapes the handler's promise chain kills a real Lambda runtime too.
process.on('uncaughtException', (e) => {
  send({ type: 'fatal', requestId: currentRequestId, error: toError(e) });
  process.exit(129);
});
process.on('unhandledRejection', (e) => {
  send({ type: 'fatal', requestId: currentRequestId, error: { ...toError(e), errorType: 'Runtime.UnhandledPromiseRejection' } });
  process.exit(128);
});

handlerPromise = loadHandler().then(
  (fn) => {
    // performance.now() counts from the process's time origin: this is the runtime's own start plus the
    // module load and its top-level code, i.e. the whole INIT phase as the environment sees it.
    send({ type: 'ready', initMs: performance.now() });
    return fn;
  },
  (e) => {
    send({ type: 'ready', initMs: performance.now(), initError: toError(e) });
    return new Promise(() => {});
  },
);
