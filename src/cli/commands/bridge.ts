import { randomUUID } from 'node:crypto';

import { ApplicationContext, exporterDescriptor } from '../../builtins/index.js';
import type { Logger } from '../../common/index.js';
import { SpindleError } from '../../common/index.js';
import { encodeFault, FAULT_CODES } from '../../codec/index.js';
import { ClassRegistry } from '../../container/index.js';
import type { ClassDescriptor } from '../../container/index.js';
import type { XmlRpcServiceExporter } from '../../exporter/index.js';
import { HttpTransport } from '../../transport/client/index.js';
import {
  BRIDGE_EXIT_FAILED,
  BRIDGE_EXIT_NOT_EXECUTED,
  isValidRequestId,
  MAX_REQUEST_ID_LENGTH,
  requestIdFromCommand,
} from '../../transport/index.js';
import { TransportError } from '../../rpc/index.js';
import type { Command, CommandContext } from '../Command.js';
import type { ContextArguments } from '../contextArguments.js';
import { CONTEXT_OPTIONS_USAGE, ContextUsageError, parseContextArguments } from '../contextArguments.js';
import { CallRecorder, createLogger } from '../../observability/index.js';
import type { LevelLogger } from '../../observability/index.js';
import { messageWithCause } from '../messageWithCause.js';

const usage = `Usage: spindle bridge <context>... [--profile P]... [--set key=value]... [--path /Service] [--request-id id]
       spindle bridge <http(s)://local-url> [--timeout ms] [--request-id id]

Reads ONE XML-RPC request on stdin, writes its response on stdout and exits:
the server side of ssh:// URLs, meant as the forced command in authorized_keys.

With context files, the context is loaded in this process without listening
on any port, and the request goes to the exporter whose serviceName matches
the service path: --path, else the command the client asked for
(SSH_ORIGINAL_COMMAND, which ssh://user@host/Service sends as '/Service'),
else the default service (or the only one). With a URL, the request is
forwarded to that XML-RPC server over HTTP (PlanetLab's Node Manager shape).

The request id: --request-id, else the one an ssh:// client appends to its
command ('/Service --request-id=<id>' in SSH_ORIGINAL_COMMAND), else a new
one. It is on the bridge's call log line (--log-level debug) and is sent on as
X-Request-Id when forwarding, so the local server logs the client's id.

A malformed request gets a fault response. Exit status: 0 when a response was
written (a fault included); ${BRIDGE_EXIT_NOT_EXECUTED} when the request certainly did not run (the
context failed to load, the local server refused the connection), which the
ssh:// client reports as outcome not-executed; ${BRIDGE_EXIT_FAILED} when it may have run.

${CONTEXT_OPTIONS_USAGE}  --path /Service    the service path, instead of SSH_ORIGINAL_COMMAND
  --timeout <ms>     time allowed for a forwarded call (default 30000)
  --request-id <id>  the request id, instead of the one in SSH_ORIGINAL_COMMAND
Log lines go to stderr, which the ssh client sees; the default level is error.

Examples (authorized_keys, one line each):
  command="spindle bridge /srv/nm/server.xml",restrict ssh-ed25519 AAAA... controller
  command="spindle bridge http://127.0.0.1:812/",restrict ssh-ed25519 AAAA... controller
By hand:
  spindle bridge server.xml --path /NodeManager < request.xml
`;

/** The largest request read from stdin; the codec's own limits apply after this. */
const MAX_REQUEST_BYTES = 64 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;

/** What reading stdin gave: the request, or the fault to answer instead. */
type Input = { readonly body: Buffer } | { readonly fault: Buffer };

async function readRequest(stdin: NodeJS.ReadableStream): Promise<Input> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > MAX_REQUEST_BYTES) {
      return {
        fault: encodeFault(FAULT_CODES.INVALID_REQUEST, `request larger than ${MAX_REQUEST_BYTES} bytes`),
      };
    }
    chunks.push(bytes);
  }
  if (size === 0)
    return {
      fault: encodeFault(
        FAULT_CODES.NOT_WELL_FORMED,
        'empty request: expected an XML-RPC methodCall on stdin',
      ),
    };
  return { body: Buffer.concat(chunks, size) };
}

/** Writes the response and waits until it is handed over; a reader that went away is not an error here. */
function writeResponse(stdout: NodeJS.WritableStream, response: Buffer): Promise<void> {
  return new Promise((resolve) => {
    stdout.once('error', () => {
      resolve();
    });
    stdout.write(response, () => {
      resolve();
    });
  });
}

/** The service path asked for: `--path`, else the first word of `SSH_ORIGINAL_COMMAND`. */
function requestedPath(flag: string | undefined): string | undefined {
  const text = (flag ?? process.env['SSH_ORIGINAL_COMMAND'] ?? '').trim().split(/\s+/)[0] ?? '';
  if (text === '') return undefined;
  return text.startsWith('/') ? text : `/${text}`;
}

/**
 * The call's request id: `--request-id` (percent-decoded when it is encoded,
 * as a `remoteCommand` with `{requestId}` sends it), else the one the ssh://
 * client appended to `SSH_ORIGINAL_COMMAND`, else a new one.
 */
function chooseRequestId(flag: string | undefined): string {
  if (flag !== undefined && flag !== '') {
    let id = flag;
    try {
      id = decodeURIComponent(flag);
    } catch {
      // not encoded: taken as written
    }
    if (isValidRequestId(id)) return id.slice(0, MAX_REQUEST_ID_LENGTH);
  }
  return requestIdFromCommand(process.env['SSH_ORIGINAL_COMMAND']) ?? randomUUID();
}

/** The exporter for `path`, or the fault text saying why there is none. */
function chooseExporter(
  exporters: readonly XmlRpcServiceExporter[],
  path: string | undefined,
): XmlRpcServiceExporter | string {
  if (path !== undefined && path !== '/') {
    const exact = exporters.find((exporter) => exporter.paths.includes(path));
    if (exact !== undefined) return exact;
  } else {
    const fallback =
      exporters.find((exporter) => exporter.paths.includes('/')) ??
      (exporters.length === 1 ? exporters[0] : undefined);
    if (fallback !== undefined) return fallback;
  }
  const known = exporters.flatMap((exporter) => exporter.paths.slice(0, 1)).join(', ');
  return `no service at path '${path ?? '(none given)'}' (services: ${known})`;
}

/**
 * The exporter built-in as the bridge needs it: made and wired like in
 * `spindle run`, but never started (no port is opened); each one made is
 * recorded so the request can go to its dispatcher.
 */
function dispatchOnlyExporters(made: XmlRpcServiceExporter[]): ClassDescriptor<XmlRpcServiceExporter> {
  return {
    name: exporterDescriptor.name,
    properties: exporterDescriptor.properties,
    ...(exporterDescriptor.options === undefined ? {} : { options: exporterDescriptor.options }),
    ...(exporterDescriptor.aliases === undefined ? {} : { aliases: exporterDescriptor.aliases }),
    create: async (options, context) => {
      const exporter = await exporterDescriptor.create(options, context);
      made.push(exporter);
      return exporter;
    },
    destroy: (exporter) => exporter.close(),
  };
}

async function answerFromContext(
  args: ContextArguments,
  body: Buffer,
  requestId: string,
  context: CommandContext,
  logger: LevelLogger,
): Promise<number> {
  const exporters: XmlRpcServiceExporter[] = [];
  let ctx: ApplicationContext;
  try {
    ctx = await ApplicationContext.load(args.files, {
      profiles: args.profiles,
      settings: args.settings,
      logger,
      classes: new ClassRegistry().registerDescriptor(dispatchOnlyExporters(exporters)),
    });
  } catch (error) {
    context.stderr.write(`spindle bridge: cannot load the context: ${messageWithCause(error)}\n`);
    return BRIDGE_EXIT_NOT_EXECUTED;
  }
  try {
    if (exporters.length === 0) {
      context.stderr.write('spindle bridge: the context has no XmlRpcServiceExporter to answer with\n');
      return BRIDGE_EXIT_NOT_EXECUTED;
    }
    const path = requestedPath(args.values['path'] as string | undefined);
    const chosen = chooseExporter(exporters, path);
    if (typeof chosen === 'string') {
      logger.info('no service for the path', { path: path ?? '(none given)', requestId });
      await writeResponse(context.stdout, encodeFault(FAULT_CODES.METHOD_NOT_FOUND, chosen));
      return 0;
    }
    // The same 'call served' line (with the client's request id) `spindle run` writes.
    const recorder = new CallRecorder(logger);
    recorder.start();
    try {
      const response = await chosen.dispatcher.handle(body, {
        requestId,
        user: process.env['USER'],
        remoteAddress: process.env['SSH_CLIENT']?.split(' ')[0],
      });
      await writeResponse(context.stdout, response);
    } finally {
      recorder.stop();
    }
    return 0;
  } finally {
    await ctx.close().catch((error: unknown) => {
      logger.error(`closing the context failed: ${messageWithCause(error)}`);
    });
  }
}

async function forward(
  url: URL,
  timeoutMs: number,
  body: Buffer,
  requestId: string,
  context: CommandContext,
  logger: Logger,
): Promise<number> {
  const transport = new HttpTransport(url, { logger });
  logger.debug('forwarding the call', { url: transport.description, requestId });
  try {
    const response = await transport.exchange(body, { timeoutMs, requestId });
    await writeResponse(context.stdout, response);
    return 0;
  } catch (error) {
    context.stderr.write(`spindle bridge: ${messageWithCause(error)}\n`);
    return error instanceof TransportError && error.outcome === 'not-executed'
      ? BRIDGE_EXIT_NOT_EXECUTED
      : BRIDGE_EXIT_FAILED;
  } finally {
    await transport.close();
  }
}

function parseTimeout(text: unknown): number {
  if (text === undefined) return DEFAULT_TIMEOUT_MS;
  const value = Number(text);
  if (typeof text !== 'string' || !Number.isFinite(value) || value <= 0) {
    throw new ContextUsageError(`--timeout: not a positive number: ${JSON.stringify(text)}`);
  }
  return value;
}

/** `spindle bridge <context>... | <url>` */
export const bridgeCommand: Command = {
  name: 'bridge',
  summary: 'answer one XML-RPC request read on stdin (the ssh forced command)',
  usage,
  async run(context: CommandContext): Promise<number> {
    let args: ContextArguments;
    let timeoutMs: number;
    let url: URL | undefined;
    try {
      args = parseContextArguments(context.argv, {
        path: { type: 'string' },
        timeout: { type: 'string' },
        'request-id': { type: 'string' },
      });
      timeoutMs = parseTimeout(args.values['timeout']);
      const first = args.files[0] ?? '';
      if (/^https?:\/\//i.test(first)) {
        if (args.files.length > 1) throw new ContextUsageError('expected one URL, or context files');
        url = new URL(first);
      }
    } catch (error) {
      if (!(error instanceof ContextUsageError) && !(error instanceof TypeError) && !SpindleError.is(error))
        throw error;
      context.stderr.write(`spindle bridge: ${error.message}\n\n${usage}`);
      return 2;
    }
    // stderr reaches the ssh client; stay quiet unless asked.
    const level = args.values['log-level'] === undefined ? 'error' : args.logLevel;
    const logger = createLogger({ stream: context.stderr, level });
    const input = await readRequest(context.stdin);
    if ('fault' in input) {
      await writeResponse(context.stdout, input.fault);
      return 0;
    }
    const requestId = chooseRequestId(args.values['request-id'] as string | undefined);
    return url === undefined
      ? answerFromContext(args, input.body, requestId, context, logger)
      : forward(url, timeoutMs, input.body, requestId, context, logger);
  },
};
