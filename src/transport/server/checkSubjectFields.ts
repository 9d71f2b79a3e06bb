import { SpindleError } from '../../common/index.js';

/**
 * Long names of subject fields (RFC 3280 appendix A, as Spring Python's
 * `verify_fields` spells them) and the short names Node's `getPeerCertificate`
 * uses for them.
 */
const SHORT_NAMES: ReadonlyMap<string, string> = new Map([
  ['commonName', 'CN'],
  ['countryName', 'C'],
  ['localityName', 'L'],
  ['stateOrProvinceName', 'ST'],
  ['streetAddress', 'street'],
  ['organizationName', 'O'],
  ['organizationalUnitName', 'OU'],
  ['title', 'title'],
  ['surname', 'SN'],
  ['givenName', 'GN'],
  ['initials', 'initials'],
  ['generationQualifier', 'generationQualifier'],
  ['pseudonym', 'pseudonym'],
  ['dnQualifier', 'dnQualifier'],
  ['serialNumber', 'serialNumber'],
  ['emailAddress', 'emailAddress'],
  ['domainComponent', 'DC'],
  ['userId', 'UID'],
  ['name', 'name'],
  ['postalCode', 'postalCode'],
]);

/** A checked `verifyFields`: long name, short name, required value. */
export type SubjectRequirements = readonly (readonly [longName: string, shortName: string, value: string])[];

/** Validates `verifyFields` once, at configuration time: unknown names are refused. */
export function subjectRequirements(verifyFields: Readonly<Record<string, string>>): SubjectRequirements {
  return Object.entries(verifyFields).map(([longName, value]) => {
    const shortName = SHORT_NAMES.get(longName);
    if (shortName === undefined) {
      throw new SpindleError(
        'SPINDLE_INVALID_ARGUMENT',
        `tls.verifyFields: unknown subject field '${longName}'; use the long names (${[...SHORT_NAMES.keys()].join(', ')})`,
      );
    }
    if (typeof value !== 'string') {
      throw new SpindleError('SPINDLE_INVALID_ARGUMENT', `tls.verifyFields.${longName} must be a string`);
    }
    return [longName, shortName, value] as const;
  });
}

/**
 * Why a client certificate's subject fails the requirements, or undefined when
 * it passes: every required field present, exactly once, with the exact value.
 */
export function checkSubjectFields(
  subject: Readonly<Record<string, string | string[] | undefined>> | undefined,
  requirements: SubjectRequirements,
): string | undefined {
  if (subject === undefined) return 'the client sent no certificate';
  for (const [longName, shortName, expected] of requirements) {
    const actual = Object.hasOwn(subject, shortName) ? subject[shortName] : undefined;
    if (actual === undefined) return `the certificate has no ${longName}`;
    if (Array.isArray(actual)) return `the certificate has ${actual.length} ${longName} fields`;
    if (actual !== expected) return `${longName} is '${actual}', expected '${expected}'`;
  }
  return undefined;
}
