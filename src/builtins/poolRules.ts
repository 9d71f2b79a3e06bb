import type { DescriptorProblem, StaticOptions } from '../container/index.js';

/**
 * What `HighAvailabilityProxy` refuses across its options, found before it is
 * made: no members and no discovery (every call could only fail), a backoff
 * (of probes or of retries) whose cap is below its first delay (`Backoff`
 * refuses it).
 */
export function poolRules({ values, written }: StaticOptions): DescriptorProblem[] {
  const problems: DescriptorProblem[] = [];
  const members = values['members'];
  const none = !written.has('members') || (Array.isArray(members) && members.length === 0);
  if (none && !written.has('discovery')) {
    problems.push({
      code: 'SPINDLE_CONTAINER_MISSING_PROPERTY',
      message: 'HighAvailabilityProxy has no members: list refs or URLs in members, or give a discovery',
      ...(written.has('members') ? { option: 'members' } : {}),
    });
  }
  for (const option of ['backoff', 'retryBackoff']) {
    const backoff = values[option];
    if (typeof backoff !== 'object' || backoff === null || !('initialMs' in backoff) || !('maxMs' in backoff))
      continue;
    const { initialMs, maxMs } = backoff;
    if (typeof initialMs === 'number' && typeof maxMs === 'number' && maxMs < initialMs) {
      problems.push({
        code: 'SPINDLE_INVALID_ARGUMENT',
        message: `${option}.maxMs (${String(maxMs)}) must be >= ${option}.initialMs (${String(initialMs)})`,
        option,
      });
    }
  }
  return problems;
}
