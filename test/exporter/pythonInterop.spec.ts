import assert from 'node:assert/strict';

import { XmlRpcServiceExporter } from '../../src/index.js';
import type { XmlRpcServiceExporterOptions } from '../../src/index.js';
import { runPythonJson } from '../helpers/pythonProcess.js';
import { Arithmetic, DocExamples, LOGO, validator1, Wheel } from './services.js';

/** CPython's xmlrpc.client against Spindle exporters serving the seeds' services. */
describe('CPython xmlrpc.client against Spindle exporters', () => {
  const exporters: XmlRpcServiceExporter[] = [];

  async function serve(options: Omit<XmlRpcServiceExporterOptions, 'servicePort'>): Promise<string> {
    const exporter = new XmlRpcServiceExporter({ ...options, servicePort: 0 });
    exporters.push(exporter);
    await exporter.start();
    return exporter.url!;
  }

  after(async () => {
    await Promise.all(exporters.map((e) => e.close()));
  });

  it('runs the documentation examples: is_even, today, python_logo, and the Fault example', async () => {
    const url = await serve({ service: new DocExamples() });
    const result = (await runPythonJson(
      `
import sys, json, datetime, xmlrpc.client as x
proxy = x.ServerProxy(sys.argv[1])
today = proxy.today()
converted = datetime.datetime.strptime(today.value, "%Y%m%dT%H:%M:%S")
try:
    proxy.add(2, 5)
    fault = None
except x.Fault as err:
    fault = [err.faultCode, err.faultString]
print(json.dumps({
  "three": proxy.is_even(3), "hundred": proxy.is_even(100),
  "todayType": type(today).__name__, "year": converted.year,
  "logo": list(proxy.python_logo().data), "fault": fault,
}))`,
      [url],
    )) as Record<string, unknown>;
    assert.equal(result['three'], false);
    assert.equal(result['hundred'], true);
    assert.equal(result['todayType'], 'DateTime');
    assert.equal(result['year'], new Date().getUTCFullYear());
    assert.deepEqual(result['logo'], [...LOGO]);
    const fault = result['fault'] as [number, string];
    assert.equal(fault[0], -32603);
  });

  it('answers MultiCall: the arithmetic results in order, and the divide-by-zero Fault when iteration reaches it', async () => {
    const url = await serve({ service: new Arithmetic(), serviceName: 'Arithmetic' });
    const result = (await runPythonJson(
      `
import sys, json, xmlrpc.client as x
proxy = x.ServerProxy(sys.argv[1])
multicall = x.MultiCall(proxy)
multicall.add(7, 3)
multicall.subtract(7, 3)
multicall.multiply(7, 3)
multicall.divide(7, 3)
arith = list(multicall())
mc = x.MultiCall(proxy)
mc.add(1, 1)
mc.divide(7, 0)
mc.add(2, 2)
results = mc()
seen = []
try:
    for value in results:
        seen.append(value)
except x.Fault as f:
    seen.append([f.faultCode, f.faultString])
print(json.dumps({"arith": arith, "seen": seen, "third": results[2]}))`,
      [url],
    )) as Record<string, unknown>;
    assert.deepEqual(result['arith'], [10, 4, 21, 2]);
    assert.deepEqual(result['seen'], [2, [-32500, 'integer division or modulo by zero']]);
    assert.equal(result['third'], 4);
  });

  it('offers introspection to system.listMethods, methodSignature and methodHelp', async () => {
    const url = await serve({
      service: new Arithmetic(),
      serviceName: 'Introspected',
      methodInfo: { add: { signature: ['int', 'int', 'int'], help: 'Adds two integers.' } },
    });
    const result = (await runPythonJson(
      `
import sys, json, xmlrpc.client as x
p = x.ServerProxy(sys.argv[1])
print(json.dumps({
  "methods": p.system.listMethods(),
  "addSig": p.system.methodSignature("add"), "divSig": p.system.methodSignature("divide"),
  "addHelp": p.system.methodHelp("add"), "divHelp": p.system.methodHelp("divide"),
}))`,
      [url],
    )) as Record<string, unknown>;
    const methods = result['methods'] as string[];
    for (const name of ['add', 'divide', 'multiply', 'subtract', 'system.listMethods', 'system.multicall']) {
      assert.ok(methods.includes(name), name);
    }
    assert.deepEqual(result['addSig'], [['int', 'int', 'int']]);
    assert.equal(result['divSig'], 'undef');
    assert.equal(result['addHelp'], 'Adds two integers.');
    assert.equal(result['divHelp'], '');
  });

  it('serves the Wheel: spin and spinList as arrays, _color/_even/_high hidden', async () => {
    const url = await serve({ service: new Wheel(), serviceName: 'Wheel' });
    const result = (await runPythonJson(
      `
import sys, json, xmlrpc.client as x
p = x.ServerProxy(sys.argv[1])
hidden = {}
for name in ["_color", "_even", "_high", "__init__", "constructor"]:
    try:
        p._ServerProxy__request(name, ("7",))
        hidden[name] = None
    except x.Fault as f:
        hidden[name] = f.faultCode
print(json.dumps({"spin": p.spin(), "list": p.spinList(3), "hidden": hidden, "methods": p.system.listMethods()}))`,
      [url],
    )) as Record<string, unknown>;
    const spin = result['spin'] as string[];
    assert.equal(spin.length, 4);
    assert.ok(['GREEN', 'RED', 'BLACK'].includes(spin[1]!));
    assert.equal((result['list'] as unknown[]).length, 3);
    assert.deepEqual(result['hidden'], {
      _color: -32601,
      _even: -32601,
      _high: -32601,
      __init__: -32601,
      constructor: -32601,
    });
    assert.deepEqual(
      (result['methods'] as string[]).filter((m) => !m.startsWith('system.')),
      ['spin', 'spinList'],
    );
  });

  it('passes the validator1 suite driven from Python with random values', async () => {
    const url = await serve({ service: validator1, serviceName: 'validator' });
    const result = (await runPythonJson(
      `
import sys, json, random, datetime, xmlrpc.client as x
v = x.ServerProxy(sys.argv[1]).validator1
r = random.Random(7)
rint = lambda: r.randint(-100, 100)
ok = {}
structs = [{"moe": rint(), "larry": rint(), "curly": rint()} for _ in range(r.randint(1, 10))]
ok["arrayOfStructsTest"] = v.arrayOfStructsTest(structs) == sum(s["curly"] for s in structs)
text = "".join(r.choice("<>&'\\"abc ") for _ in range(300))
ok["countTheEntities"] = v.countTheEntities(text) == {
  "ctLeftAngleBrackets": text.count("<"), "ctRightAngleBrackets": text.count(">"),
  "ctAmpersands": text.count("&"), "ctApostrophes": text.count("'"), "ctQuotes": text.count('"')}
s = {"moe": rint(), "larry": rint(), "curly": rint()}
ok["easyStructTest"] = v.easyStructTest(s) == s["moe"] + s["larry"] + s["curly"]
echo = {"substruct0": {"moe": rint(), "larry": rint(), "curly": rint()}, "04": "string key", "__proto__": "kept", "f": 1.5}
ok["echoStructTest"] = v.echoStructTest(echo) == echo
when = x.DateTime(datetime.datetime(2000, 4, 1, 12, 30, 5))
many = v.manyTypesTest(rint(), True, "<&>", 3.25, when, x.Binary(b"\\x00\\xffbytes"))
ok["manyTypesTest"] = (many[0:4] == [many[0], True, "<&>", 3.25] and isinstance(many[0], int)
  and many[4] == when and many[5].data == b"\\x00\\xffbytes")
words = ["w%d" % r.randint(0, 10**6) for _ in range(r.randint(100, 200))]
ok["moderateSizeArrayCheck"] = v.moderateSizeArrayCheck(words) == words[0] + words[-1]
cal = {"2000": {m: {d: {} for d in ("01", "02", "15")} for m in ("03", "04", "05")}}
cal["2000"]["04"]["01"] = {"moe": rint(), "larry": rint(), "curly": rint()}
day = cal["2000"]["04"]["01"]
ok["nestedStructTest"] = v.nestedStructTest(cal) == day["moe"] + day["larry"] + day["curly"]
n = rint()
ok["simpleStructReturnTest"] = v.simpleStructReturnTest(n) == {"times10": n * 10, "times100": n * 100, "times1000": n * 1000}
print(json.dumps(ok))`,
      [url],
    )) as Record<string, boolean>;
    assert.deepEqual(result, {
      arrayOfStructsTest: true,
      countTheEntities: true,
      easyStructTest: true,
      echoStructTest: true,
      manyTypesTest: true,
      moderateSizeArrayCheck: true,
      nestedStructTest: true,
      simpleStructReturnTest: true,
    });
  });

  it('serves CPython with gzip both ways and answers ProtocolError 404 on a wrong path', async () => {
    const url = await serve({ service: { echo: (s: string) => s }, serviceName: 'Echo' });
    const result = (await runPythonJson(
      `
import sys, json, xmlrpc.client as x
t = x.Transport()
t.encode_threshold = 100
p = x.ServerProxy(sys.argv[1], transport=t)
big = "spindle " * 2000
wrong = x.ServerProxy(sys.argv[1] + "/nowhere")
try:
    wrong.echo("x")
    status = None
except x.ProtocolError as e:
    status = e.errcode
print(json.dumps({"same": p.echo(big) == big, "status": status}))`,
      [url],
    )) as Record<string, unknown>;
    assert.deepEqual(result, { same: true, status: 404 });
  });
});
