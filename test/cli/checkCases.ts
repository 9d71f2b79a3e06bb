/**
 * Every kind of context `spindle run` (`ApplicationContext.load`) refuses at
 * start-up, one small context each, with the code `spindle check` reports
 * for it and the code `load` throws. `before` says what `spindle check`
 * answered before it ran the built-ins' and classes' own checks: `ok` when
 * it passed a context that `run` then refused (issue 13).
 */
export interface CheckCase {
  readonly name: string;
  /** Files by name; the context is `context.xml` or `context.yaml`, the first one. */
  readonly files: Readonly<Record<string, string>>;
  /** The code of the first problem `spindle check --json` reports. */
  readonly check: string;
  /** The code `ApplicationContext.load` rejects with. */
  readonly load: string;
  readonly before: 'ok' | 'reported';
  /** `--set` settings. @default {} */
  readonly settings?: Readonly<Record<string, string>>;
}

const classes = `export class Calculator {
  add(a, b) { return a + b; }
  subtract(a, b) { return a - b; }
}
export class Worker {
  constructor(name) { this.name = name; }
  start() {}
  stop() {}
  static create() { return new Worker('made'); }
}
`;

function xml(body: string, extra: Readonly<Record<string, string>> = {}): Readonly<Record<string, string>> {
  return {
    'context.xml': `<objects xmlns="https://spindle.dev/schema/objects">
  <object id="calculator" class="./classes.mjs#Calculator"/>
${body}
</objects>
`,
    'classes.mjs': classes,
    ...extra,
  };
}

function yaml(body: string, extra: Readonly<Record<string, string>> = {}): Readonly<Record<string, string>> {
  return {
    'context.yaml': `objects:
  - object: calculator
    class: ./classes.mjs#Calculator
${body}`,
    'classes.mjs': classes,
    ...extra,
  };
}

/** A class whose constructor takes a Calculator, declared as TypeScript emits it (design:paramtypes). */
const typed = {
  'typed.mjs': `import { Calculator } from './classes.mjs';
export class Till {
  constructor(calculator) { this.calculator = calculator; }
}
Reflect.defineMetadata('design:paramtypes', [Calculator], Till);
`,
};

const exporter = (properties: string): string => `  <object id="exporter" class="XmlRpcServiceExporter">
    <property name="service" ref="calculator"/>
    <property name="servicePort" value="0"/>
${properties}
  </object>`;

const proxy = (properties: string): string => `  <object id="proxy" class="XmlRpcProxyFactory">
${properties}
  </object>`;

/** A `DnsDiscovery` with these properties, and a pool it feeds. */
const dns = (properties: string): string => `  <object id="discovery" class="DnsDiscovery">
    ${properties}
  </object>
  <object id="pool" class="HighAvailabilityProxy">
    <property name="discovery" ref="discovery"/>
  </object>`;

const invalid = 'SPINDLE_CONTEXT_INVALID';

export const checkCases: readonly CheckCase[] = [
  // What check passed before (newcomer.md M2, audit.md rows 1, 7, 10, 20, 21).
  {
    name: 'a port above 65535',
    files: xml(exporter('').replace('value="0"', 'value="99999"')),
    check: 'SPINDLE_CONTAINER_VALUE_TYPE',
    load: 'SPINDLE_CONTAINER_VALUE_TYPE',
    before: 'ok',
  },
  {
    name: 'a negative port',
    files: xml(exporter('').replace('value="0"', 'value="-1"')),
    check: 'SPINDLE_CONTAINER_VALUE_TYPE',
    load: 'SPINDLE_CONTAINER_VALUE_TYPE',
    before: 'ok',
  },
  {
    name: 'a service URL of an unknown scheme',
    files: xml(proxy('    <property name="serviceUrl" value="htp://127.0.0.1:7000/S"/>')),
    check: 'SPINDLE_CONTAINER_VALUE_TYPE',
    load: 'SPINDLE_CONTAINER_VALUE_TYPE',
    before: 'ok',
  },
  {
    name: 'a proxy without serviceUrl',
    files: xml(proxy('')),
    check: 'SPINDLE_CONTAINER_MISSING_PROPERTY',
    load: 'SPINDLE_CONTAINER_MISSING_PROPERTY',
    before: 'ok',
  },
  {
    name: 'an exporter without service',
    files: xml(exporter('').replace('    <property name="service" ref="calculator"/>\n', '')),
    check: 'SPINDLE_CONTAINER_MISSING_PROPERTY',
    load: 'SPINDLE_CONTAINER_MISSING_PROPERTY',
    before: 'ok',
  },
  {
    name: 'an interceptor written as text',
    files: xml(
      exporter('    <property name="interceptors"><list><value>calculator</value></list></property>'),
    ),
    check: 'SPINDLE_CONTAINER_VALUE_TYPE',
    load: 'SPINDLE_CONTAINER_VALUE_TYPE',
    before: 'reported',
  },
  {
    name: 'an interceptor of a class without intercept()',
    files: yaml(
      '  - object: proxy\n    class: XmlRpcProxyFactory\n    properties:\n      serviceUrl: http://127.0.0.1:7000/S\n      interceptors: [{ref: calculator}]\n',
    ),
    check: 'SPINDLE_INVALID_ARGUMENT',
    load: 'SPINDLE_INVALID_ARGUMENT',
    before: 'reported',
  },
  {
    name: 'value= where ref= was meant',
    files: xml(exporter('').replace('ref="calculator"', 'value="calculator"')),
    check: 'SPINDLE_CONTAINER_VALUE_TYPE',
    load: 'SPINDLE_CONTAINER_VALUE_TYPE',
    before: 'ok',
  },
  {
    name: 'an empty pool',
    files: xml(
      '  <object id="pool" class="HighAvailabilityProxy">\n    <property name="members"><list/></property>\n  </object>',
    ),
    check: 'SPINDLE_CONTAINER_MISSING_PROPERTY',
    load: 'SPINDLE_CONTAINER_MISSING_PROPERTY',
    before: 'ok',
  },
  {
    name: 'a YAML list where a port belongs',
    files: yaml(
      '  - object: exporter\n    class: XmlRpcServiceExporter\n    properties:\n      service: {ref: calculator}\n      servicePort: [7000, 7001]\n',
    ),
    check: 'SPINDLE_CONTAINER_VALUE_TYPE',
    load: 'SPINDLE_CONTAINER_VALUE_TYPE',
    before: 'ok',
  },
  {
    name: 'a YAML map where a URL belongs',
    files: yaml(
      '  - object: proxy\n    class: XmlRpcProxyFactory\n    properties:\n      serviceUrl: {host: 127.0.0.1, port: 7000}\n',
    ),
    check: 'SPINDLE_CONTAINER_VALUE_TYPE',
    load: 'SPINDLE_CONTAINER_VALUE_TYPE',
    before: 'ok',
  },
  {
    name: 'a placeholder nested in a default',
    files: xml(exporter('').replace('value="0"', 'value="${PORT:${BASE_PORT}}"')),
    check: 'SPINDLE_CONTAINER_VALUE_TYPE',
    load: 'SPINDLE_CONTAINER_VALUE_TYPE',
    before: 'reported',
    settings: { BASE_PORT: '7000' },
  },
  {
    name: 'an init-method the class lacks',
    files: xml('  <object id="worker" class="./classes.mjs#Worker" init-method="helo"/>'),
    check: 'SPINDLE_CONTAINER_LIFECYCLE_METHOD',
    load: 'SPINDLE_CONTAINER_LIFECYCLE_METHOD',
    before: 'ok',
  },
  {
    name: 'a destroy-method the class lacks',
    files: xml('  <object id="worker" class="./classes.mjs#Worker" destroy-method="bye"/>'),
    check: 'SPINDLE_CONTAINER_LIFECYCLE_METHOD',
    load: 'SPINDLE_CONTAINER_LIFECYCLE_METHOD',
    before: 'ok',
  },
  {
    name: 'a factory-method the class lacks',
    files: xml('  <object id="worker" class="./classes.mjs#Worker" factory-method="make"/>'),
    check: 'SPINDLE_CONTAINER_LIFECYCLE_METHOD',
    load: 'SPINDLE_CONTAINER_LIFECYCLE_METHOD',
    before: 'ok',
  },
  {
    name: 'more constructor arguments than the constructor takes',
    files: xml(
      '  <object id="worker" class="./classes.mjs#Worker">\n    <constructor-arg value="a"/>\n    <constructor-arg value="b"/>\n  </object>',
    ),
    check: 'SPINDLE_CONTAINER_ARGUMENT',
    load: 'SPINDLE_CONTAINER_ARGUMENT',
    before: 'ok',
  },
  {
    name: 'a named constructor argument on a class without argNames',
    files: xml(
      '  <object id="worker" class="./classes.mjs#Worker">\n    <constructor-arg name="name" value="a"/>\n  </object>',
    ),
    check: 'SPINDLE_CONTAINER_ARGUMENT',
    load: 'SPINDLE_CONTAINER_ARGUMENT',
    before: 'ok',
  },
  {
    name: 'one constructor argument index twice',
    files: xml(
      '  <object id="worker" class="./classes.mjs#Worker">\n    <constructor-arg index="0" value="a"/>\n    <constructor-arg index="0" value="b"/>\n  </object>',
    ),
    check: 'SPINDLE_CONTAINER_ARGUMENT',
    load: 'SPINDLE_CONTAINER_ARGUMENT',
    before: 'ok',
  },
  {
    name: 'an exported method the service lacks',
    files: xml(exporter('    <property name="methods" value="add, nosuch"/>')),
    check: 'SPINDLE_INVALID_ARGUMENT',
    load: 'SPINDLE_INVALID_ARGUMENT',
    before: 'ok',
  },
  {
    name: 'an idempotent method that is not exported',
    files: xml(
      exporter(
        '    <property name="methods" value="add"/>\n    <property name="idempotent" value="subtract"/>',
      ),
    ),
    check: 'SPINDLE_INVALID_ARGUMENT',
    load: 'SPINDLE_INVALID_ARGUMENT',
    before: 'ok',
  },
  {
    name: 'Basic auth on plain HTTP without allowInsecure',
    files: xml(
      exporter(
        '    <property name="auth"><dict><entry key="users"><dict><entry key="alice" value="secret"/></dict></entry></dict></property>',
      ),
    ),
    check: 'SPINDLE_SERVER_INSECURE_AUTH',
    load: 'SPINDLE_SERVER_INSECURE_AUTH',
    before: 'ok',
  },
  {
    name: 'a TLS key file that cannot be read',
    files: xml(
      exporter(
        '    <property name="tls"><dict><entry key="key" value="/nonexistent/key.pem"/><entry key="cert" value="/nonexistent/cert.pem"/></dict></property>',
      ),
    ),
    check: 'SPINDLE_INVALID_ARGUMENT',
    load: 'SPINDLE_INVALID_ARGUMENT',
    before: 'ok',
  },
  {
    name: 'a TLS field that does not exist',
    files: xml(
      exporter(
        '    <property name="tls"><dict><entry key="key" value="-----BEGIN KEY-----"/><entry key="cert" value="-----BEGIN CERTIFICATE-----"/><entry key="kee" value="k"/></dict></property>',
      ),
    ),
    check: 'SPINDLE_CONTAINER_UNKNOWN_PROPERTY',
    load: 'SPINDLE_CONTAINER_UNKNOWN_PROPERTY',
    before: 'ok',
  },
  {
    name: 'a negative server limit',
    files: xml(
      exporter('    <property name="limits"><dict><entry key="maxBodyBytes" value="-5"/></dict></property>'),
    ),
    check: 'SPINDLE_CONTAINER_VALUE_TYPE',
    load: 'SPINDLE_CONTAINER_VALUE_TYPE',
    before: 'ok',
  },
  {
    name: 'an ssh host-key policy that does not exist',
    files: xml(
      proxy(
        '    <property name="serviceUrl" value="ssh://u@127.0.0.1/S"/>\n    <property name="ssh"><dict><entry key="strictHostKeyChecking" value="maybe"/></dict></property>',
      ),
    ),
    check: 'SPINDLE_CONTAINER_VALUE_TYPE',
    load: 'SPINDLE_CONTAINER_VALUE_TYPE',
    before: 'ok',
  },
  {
    name: 'a pool that may make no attempt',
    files: xml(
      '  <object id="pool" class="HighAvailabilityProxy">\n    <property name="members" value="http://127.0.0.1:7000/S"/>\n    <property name="maxAttempts" value="0"/>\n  </object>',
    ),
    check: 'SPINDLE_CONTAINER_VALUE_TYPE',
    load: 'SPINDLE_CONTAINER_VALUE_TYPE',
    before: 'ok',
  },
  {
    name: 'an etcd lease shorter than etcd allows',
    files: xml(
      `${exporter('')}\n  <object id="registration" class="EtcdRegistration">\n    <property name="exporter" ref="exporter"/>\n    <property name="ttlSeconds" value="1"/>\n  </object>`,
    ),
    check: 'SPINDLE_CONTAINER_VALUE_TYPE',
    load: 'SPINDLE_CONTAINER_VALUE_TYPE',
    before: 'ok',
  },
  {
    name: 'an etcd discovery without serviceName',
    files: xml('  <object id="discovery" class="EtcdDiscovery"/>'),
    check: 'SPINDLE_CONTAINER_MISSING_PROPERTY',
    load: 'SPINDLE_CONTAINER_MISSING_PROPERTY',
    before: 'ok',
  },
  {
    name: 'a DNS discovery without a name',
    files: xml('  <object id="discovery" class="DnsDiscovery"/>'),
    check: 'SPINDLE_CONTAINER_MISSING_PROPERTY',
    load: 'SPINDLE_CONTAINER_MISSING_PROPERTY',
    before: 'reported',
  },
  {
    name: 'a DNS discovery of A records without a port',
    files: xml(dns('<property name="name" value="calculator.internal"/>')),
    check: 'SPINDLE_INVALID_ARGUMENT',
    load: 'SPINDLE_INVALID_ARGUMENT',
    before: 'reported',
  },
  {
    name: 'a DNS discovery of SRV records with a port (the records carry it)',
    files: xml(
      dns(
        '<property name="name" value="_xmlrpc._tcp.calculator.internal"/><property name="port" value="7000"/>',
      ),
    ),
    check: 'SPINDLE_INVALID_ARGUMENT',
    load: 'SPINDLE_INVALID_ARGUMENT',
    before: 'reported',
  },
  {
    name: 'a DNS server given by host name (only addresses are accepted)',
    files: xml(
      dns(
        '<property name="name" value="_xmlrpc._tcp.calculator.internal"/><property name="servers" value="dns.internal:53"/>',
      ),
    ),
    check: 'SPINDLE_INVALID_ARGUMENT',
    load: 'SPINDLE_INVALID_ARGUMENT',
    before: 'reported',
  },
  {
    name: 'a DNS record type that does not exist',
    files: xml(
      dns('<property name="name" value="calculator.internal"/><property name="recordType" value="MX"/>'),
    ),
    check: 'SPINDLE_CONTAINER_VALUE_TYPE',
    load: 'SPINDLE_CONTAINER_VALUE_TYPE',
    before: 'reported',
  },

  {
    name: 'Basic auth with no users',
    files: xml(
      exporter(
        '    <property name="auth"><dict><entry key="users"><dict/></entry><entry key="allowInsecure" value="true"/></dict></property>',
      ),
    ),
    check: 'SPINDLE_INVALID_ARGUMENT',
    load: 'SPINDLE_INVALID_ARGUMENT',
    before: 'ok',
  },
  {
    name: 'client certificates required without the CAs to check them',
    files: xml(
      exporter(
        '    <property name="tls"><dict><entry key="key" value="-----BEGIN KEY-----"/><entry key="cert" value="-----BEGIN CERTIFICATE-----"/><entry key="requestCert" value="true"/></dict></property>',
      ),
    ),
    check: 'SPINDLE_INVALID_ARGUMENT',
    load: 'SPINDLE_INVALID_ARGUMENT',
    before: 'ok',
  },
  {
    name: 'a pool backoff whose cap is below its first delay',
    files: xml(
      '  <object id="pool" class="HighAvailabilityProxy">\n    <property name="members" value="http://127.0.0.1:7000/S"/>\n    <property name="backoff"><dict><entry key="initialMs" value="5000"/><entry key="maxMs" value="1000"/></dict></property>\n  </object>',
    ),
    check: 'SPINDLE_INVALID_ARGUMENT',
    load: 'SPINDLE_INVALID_ARGUMENT',
    before: 'ok',
  },
  {
    name: 'a fault mapped to an inner object of a class that is not an Error',
    files: xml(
      '  <object id="proxy" class="XmlRpcProxyFactory">\n    <property name="serviceUrl" value="http://127.0.0.1:7000/S"/>\n    <property name="faults"><dict><entry key="1"><object class="./classes.mjs#Calculator"/></entry></dict></property>\n  </object>',
    ),
    check: 'SPINDLE_INVALID_ARGUMENT',
    load: 'SPINDLE_INVALID_ARGUMENT',
    before: 'ok',
  },
  {
    name: "a pool's fault mapped to a ref of a class that is not an Error",
    files: yaml(
      '  - object: pool\n    class: HighAvailabilityProxy\n    properties:\n      members: http://127.0.0.1:7000/S\n      faults: {"": {ref: calculator}}\n',
    ),
    check: 'SPINDLE_INVALID_ARGUMENT',
    load: 'SPINDLE_INVALID_ARGUMENT',
    before: 'ok',
  },
  {
    name: 'a fault mapped to the text of a class path instead of an inner object',
    files: yaml(
      '  - object: proxy\n    class: XmlRpcProxyFactory\n    properties:\n      serviceUrl: http://127.0.0.1:7000/S\n      faults: {"1": ./classes.mjs#Calculator}\n',
    ),
    check: 'SPINDLE_INVALID_ARGUMENT',
    load: 'SPINDLE_INVALID_ARGUMENT',
    before: 'ok',
  },
  {
    name: 'a transportErrorClass of a class that is not an Error',
    files: xml(
      '  <object id="proxy" class="XmlRpcProxyFactory">\n    <property name="serviceUrl" value="http://127.0.0.1:7000/S"/>\n    <property name="transportErrorClass" ref="calculator"/>\n  </object>',
    ),
    check: 'SPINDLE_INVALID_ARGUMENT',
    load: 'SPINDLE_INVALID_ARGUMENT',
    before: 'ok',
  },
  // What check already reported: the container's codes…
  {
    name: 'an unknown class',
    files: xml('  <object id="x" class="XmlRpcServiceExporte"/>'),
    check: 'SPINDLE_CONTAINER_UNKNOWN_CLASS',
    load: 'SPINDLE_CONTAINER_UNKNOWN_CLASS',
    before: 'reported',
  },
  {
    name: 'a module that does not exist',
    files: xml('  <object id="x" class="./nowhere.mjs#X"/>'),
    check: 'SPINDLE_CONTAINER_MODULE_NOT_FOUND',
    load: 'SPINDLE_CONTAINER_MODULE_NOT_FOUND',
    before: 'reported',
  },
  {
    name: 'an export that does not exist',
    files: xml('  <object id="x" class="./classes.mjs#Calculater"/>'),
    check: 'SPINDLE_CONTAINER_EXPORT_MISSING',
    load: 'SPINDLE_CONTAINER_EXPORT_MISSING',
    before: 'reported',
  },
  {
    name: 'an unknown property of a built-in',
    files: xml(exporter('    <property name="servicePrt" value="7000"/>')),
    check: 'SPINDLE_CONTAINER_UNKNOWN_PROPERTY',
    load: 'SPINDLE_CONTAINER_UNKNOWN_PROPERTY',
    before: 'reported',
  },
  {
    name: 'a port that is not a number',
    files: xml(exporter('').replace('value="0"', 'value="seven"')),
    check: 'SPINDLE_CONTAINER_VALUE_TYPE',
    load: 'SPINDLE_CONTAINER_VALUE_TYPE',
    before: 'reported',
  },
  {
    name: 'a lifecycle attribute on a built-in',
    files: xml(
      proxy('    <property name="serviceUrl" value="http://127.0.0.1:7000/S"/>').replace(
        'class="XmlRpcProxyFactory"',
        'class="XmlRpcProxyFactory" init-method="open"',
      ),
    ),
    check: 'SPINDLE_CONTAINER_LIFECYCLE_METHOD',
    load: 'SPINDLE_CONTAINER_LIFECYCLE_METHOD',
    before: 'reported',
  },
  {
    name: 'a positional argument to a built-in',
    files: xml(
      proxy(
        '    <property name="serviceUrl" value="http://127.0.0.1:7000/S"/>\n    <constructor-arg value="http://127.0.0.1:7000/S"/>',
      ),
    ),
    check: 'SPINDLE_CONTAINER_ARGUMENT',
    load: 'SPINDLE_CONTAINER_ARGUMENT',
    before: 'reported',
  },
  {
    name: 'two exporters on one path of one port',
    files: xml(
      `${exporter('').replace('value="0"', 'value="7300"')}\n${exporter('').replace('value="0"', 'value="7300"').replace('id="exporter"', 'id="twin"')}`,
    ),
    check: 'SPINDLE_CONTAINER_PORT_CONFLICT',
    load: 'SPINDLE_CONTAINER_PORT_CONFLICT',
    before: 'reported',
  },
  {
    name: 'autowire="constructor" with two candidates and no primary',
    files: xml(
      '  <object id="spare" class="./classes.mjs#Calculator"/>\n  <object id="till" class="./typed.mjs#Till" autowire="constructor"/>',
      typed,
    ),
    check: 'SPINDLE_CONTAINER_AUTOWIRE',
    load: 'SPINDLE_CONTAINER_AUTOWIRE',
    before: 'reported',
  },
  {
    name: 'default-autowire="constructor" in YAML with two candidates and no primary',
    files: yaml(
      '  - object: spare\n    class: ./classes.mjs#Calculator\n  - object: till\n    class: ./typed.mjs#Till\ndefault-autowire: constructor\n',
      typed,
    ),
    check: 'SPINDLE_CONTAINER_AUTOWIRE',
    load: 'SPINDLE_CONTAINER_AUTOWIRE',
    before: 'reported',
  },
  {
    name: 'a factory-bean without the factory-method',
    files: xml('  <object id="w" factory-bean="calculator" factory-method="multiply"/>'),
    check: 'SPINDLE_CONTAINER_LIFECYCLE_METHOD',
    load: 'SPINDLE_CONTAINER_LIFECYCLE_METHOD',
    before: 'reported',
  },

  // …and the readers' (load throws SPINDLE_CONTEXT_INVALID listing them).
  {
    name: "an alias that is an object's id",
    files: xml('  <alias name="calculator" alias="calculator"/>'),
    check: 'alias-clash',
    load: invalid,
    before: 'reported',
  },
  {
    name: 'aliases in a loop, in YAML',
    files: yaml('aliases:\n  - {alias: a, name: b}\n  - {alias: b, name: a}\n'),
    check: 'alias-cycle',
    load: invalid,
    before: 'reported',
  },
  {
    name: 'a ref to no object',
    files: xml(exporter('').replace('ref="calculator"', 'ref="calculater"')),
    check: 'dangling-ref',
    load: invalid,
    before: 'reported',
  },
  {
    name: 'a reference cycle',
    files: xml(
      '  <object id="a" class="./classes.mjs#Worker"><constructor-arg ref="b"/></object>\n  <object id="b" class="./classes.mjs#Worker"><constructor-arg ref="a"/></object>',
    ),
    check: 'reference-cycle',
    load: invalid,
    before: 'reported',
  },
  {
    name: 'a ref to an abstract object',
    files: xml(
      '  <object id="base" class="./classes.mjs#Worker" abstract="true"/>\n  <object id="w" class="./classes.mjs#Worker"><constructor-arg ref="base"/></object>',
    ),
    check: 'abstract-ref',
    load: invalid,
    before: 'reported',
  },
  {
    name: 'an object without a class',
    files: xml('  <object id="nothing"/>'),
    check: 'missing-class',
    load: invalid,
    before: 'reported',
  },
  {
    name: 'one id twice',
    files: xml('  <object id="calculator" class="./classes.mjs#Calculator"/>'),
    check: 'duplicate-id',
    load: invalid,
    before: 'reported',
  },
  {
    name: 'a parent that does not exist',
    files: xml('  <object id="w" parent="bse"/>'),
    check: 'unknown-parent',
    load: invalid,
    before: 'reported',
  },
  {
    name: 'parents in a loop',
    files: xml('  <object id="p" parent="q"/>\n  <object id="q" parent="p"/>'),
    check: 'parent-cycle',
    load: invalid,
    before: 'reported',
  },
  {
    name: 'a placeholder without a value',
    files: xml(exporter('').replace('value="0"', 'value="${NO_SUCH_PORT}"')),
    check: 'missing-placeholder',
    load: invalid,
    before: 'reported',
  },
  {
    name: 'XML that is not well-formed',
    files: { 'context.xml': '<objects>\n  <object id="x">\n</objects>\n' },
    check: 'not-well-formed',
    load: invalid,
    before: 'reported',
  },
  {
    name: 'an import of a missing file',
    files: { 'context.xml': '<objects>\n  <import resource="missing.xml"/>\n</objects>\n' },
    check: 'file-not-found',
    load: invalid,
    before: 'reported',
  },
  {
    name: 'an import of a file that is neither XML nor YAML',
    files: { 'context.xml': '<objects>\n  <import resource="other.txt"/>\n</objects>\n', 'other.txt': 'x' },
    check: 'unknown-format',
    load: invalid,
    before: 'reported',
  },
  {
    name: 'files importing each other',
    files: {
      'context.xml': '<objects>\n  <import resource="other.xml"/>\n</objects>\n',
      'other.xml': '<objects>\n  <import resource="context.xml"/>\n</objects>\n',
    },
    check: 'import-cycle',
    load: invalid,
    before: 'reported',
  },
  {
    name: 'an unknown element',
    files: xml('  <objekt id="x"/>'),
    check: 'unknown-element',
    load: invalid,
    before: 'reported',
  },
  {
    name: 'an unknown attribute',
    files: xml('  <object id="x" class="./classes.mjs#Calculator" scop="singleton"/>'),
    check: 'unknown-attribute',
    load: invalid,
    before: 'reported',
  },
  {
    name: 'a missing attribute',
    files: xml('  <object class="./classes.mjs#Calculator"><property value="1"/></object>'),
    check: 'missing-attribute',
    load: invalid,
    before: 'reported',
  },
  {
    name: 'an attribute of the wrong form',
    files: xml('  <object id="x" class="./classes.mjs#Calculator" lazy-init="yes"/>'),
    check: 'invalid-value',
    load: invalid,
    before: 'reported',
  },
];
