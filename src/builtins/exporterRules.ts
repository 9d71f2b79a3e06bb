import type { DescriptorProblem, StaticOptions } from '../container/index.js';
import { mayHaveMember } from '../container/index.js';

/** A dict option's statically known value, or undefined. */
function record(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function strings(value: unknown): readonly string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * What `XmlRpcServiceExporter` refuses across its options, found before it is
 * made: Basic auth on plain HTTP without `auth.allowInsecure` (the server
 * refuses it at start), an empty `tls`, no users or a user name with `:`, client
 * certificates required without the CAs to check them, a `methods` entry the
 * service's class cannot have, and an `idempotent` method that is not exported.
 */
export function exporterRules(options: StaticOptions): DescriptorProblem[] {
  const problems: DescriptorProblem[] = [];
  const { values, written } = options;
  const auth = record(values['auth']);
  const allowInsecure = auth?.['allowInsecure'] === true;
  const users = record(auth?.['users']);
  if (
    users !== undefined &&
    (Object.keys(users).length === 0 || Object.keys(users).some((user) => user.includes(':')))
  ) {
    problems.push({
      code: 'SPINDLE_INVALID_ARGUMENT',
      message: 'auth.users must name at least one user, and no user name may hold ":"',
      option: 'auth',
    });
  }
  if (written.has('tls') && values['tls'] === null) {
    // An empty `tls:` (its fields commented out) must not quietly serve plain HTTP.
    problems.push({
      code: 'SPINDLE_INVALID_ARGUMENT',
      message: 'tls is empty: give tls.key and tls.cert, or leave tls out to serve plain HTTP',
      option: 'tls',
    });
  }
  const tls = record(values['tls']);
  if (tls !== undefined && (tls['requestCert'] === true || 'verifyFields' in tls) && !('ca' in tls)) {
    problems.push({
      code: 'SPINDLE_INVALID_ARGUMENT',
      message: 'tls.requestCert (or tls.verifyFields) needs tls.ca: the CAs client certificates chain to',
      option: 'tls',
    });
  }
  if (written.has('auth') && !written.has('tls') && !allowInsecure) {
    problems.push({
      code: 'SPINDLE_SERVER_INSECURE_AUTH',
      message:
        'Basic auth on plain HTTP would send passwords in clear text; configure tls, or set auth.allowInsecure: true',
      option: 'auth',
    });
  }
  const service = options.classOf('service');
  const methods = strings(values['methods']);
  if (service !== undefined) {
    for (const name of methods) {
      if (mayHaveMember(service, name)) continue;
      problems.push({
        code: 'SPINDLE_INVALID_ARGUMENT',
        message: `methods: the service (class ${service.name}) has no method '${name}'`,
        option: 'methods',
      });
    }
  }
  for (const name of strings(values['idempotent'])) {
    const exported = written.has('methods')
      ? methods.includes(name)
      : service === undefined || mayHaveMember(service, name);
    if (exported) continue;
    problems.push({
      code: 'SPINDLE_INVALID_ARGUMENT',
      message: `idempotent: '${name}' is not an exported method`,
      option: 'idempotent',
    });
  }
  return problems;
}
