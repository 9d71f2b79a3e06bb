import type { PythonProcess } from '../helpers/pythonProcess.js';
import { startPython } from '../helpers/pythonProcess.js';

/**
 * CPython's SimpleXMLRPCServer family serving the seeds' examples (the
 * xmlrpclib documentation and the Wheel tutorial), one path each:
 * - `/` (also `/RPC2`): is_even, today (DateTime), python_logo (Binary), add
 *   returning a complex number (a fault), echo_types, explicit dotted
 *   `examples.getStateName`, introspection and multicall;
 * - `/math`: the MultiCall arithmetic server (add, subtract, multiply, divide);
 * - `/wheel`: the roulette Wheel instance with private `_color/_even/_high`;
 * - `/betty`: an instance registered with allow_dotted_names, `examples.getStateName`;
 * - `/secure`: is_even behind HTTP Basic auth (user `us@er`, password `p:ss`).
 */
export const SEED_SERVER = String.raw`
import base64, datetime, random, sys
from xmlrpc.server import MultiPathXMLRPCServer, SimpleXMLRPCDispatcher, SimpleXMLRPCRequestHandler
from xmlrpc.client import DateTime, Binary

STATES = ['Alabama', 'Alaska', 'Arizona', 'Arkansas', 'California', 'Colorado', 'Connecticut', 'Delaware', 'Florida', 'Georgia', 'Hawaii', 'Idaho', 'Illinois', 'Indiana', 'Iowa', 'Kansas', 'Kentucky', 'Louisiana', 'Maine', 'Maryland', 'Massachusetts', 'Michigan', 'Minnesota', 'Mississippi', 'Missouri', 'Montana', 'Nebraska', 'Nevada', 'New Hampshire', 'New Jersey', 'New Mexico', 'New York', 'North Carolina', 'North Dakota', 'Ohio', 'Oklahoma', 'Oregon', 'Pennsylvania', 'Rhode Island', 'South Carolina', 'South Dakota', 'Tennessee', 'Texas', 'Utah', 'Vermont', 'Virginia', 'Washington', 'West Virginia', 'Wisconsin', 'Wyoming']
EXPECTED_AUTH = 'Basic ' + base64.b64encode(b'us@er:p:ss').decode()
LOGO = bytes(range(256)) * 4

class Handler(SimpleXMLRPCRequestHandler):
    rpc_paths = ()
    def parse_request(self):
        if not super().parse_request():
            return False
        if self.path == '/secure' and self.headers.get('Authorization') != EXPECTED_AUTH:
            self.send_response(401)
            self.send_header('WWW-Authenticate', 'Basic realm="seed"')
            self.send_header('Content-Length', '0')
            self.end_headers()
            return False
        return True

def is_even(n):
    """Return True when n is even."""
    return n % 2 == 0

def today():
    return DateTime(datetime.datetime.today())

def python_logo():
    return Binary(LOGO)

def add_complex(x, y):
    return x + y + 0j

def echo_types(*args):
    return [[type(a).__name__, str(a) if not isinstance(a, Binary) else base64.b64encode(a.data).decode()] for a in args]

def get_state_name(n):
    return STATES[n - 1]

class Wheel(object):
    redSet = [1,3,5,7,9,12,14,16,18,19,21,23,25,27,30,32,34,36]
    def _color(self, number):
        if number in ("0", "00"): return "GREEN"
        elif int(number) in self.redSet: return "RED"
        else: return "BLACK"
    def _even(self, number):
        if number in ("0", "00"): return "ZERO"
        elif int(number) % 2 == 0: return "EVEN"
        else: return "ODD"
    def _high(self, number):
        if number in ("0", "00"): return "ZERO"
        elif int(number) <= 18: return "LOW"
        else: return "HIGH"
    def __init__(self):
        self.rng = random.Random()
        self.wheel = [str(n) for n in range(0, 37)] + ["00"]
    def spin(self):
        number = self.rng.choice(self.wheel)
        return (number, self._color(number), self._even(number), self._high(number))
    def spinList(self, spins=1):
        return [self.spin() for i in range(spins)]

class Examples(object):
    def getStateName(self, n):
        return STATES[n - 1]

class Betty(object):
    def __init__(self):
        self.examples = Examples()

server = MultiPathXMLRPCServer(('127.0.0.1', 0), requestHandler=Handler, logRequests=False, allow_none=True)

def dispatcher(path):
    d = SimpleXMLRPCDispatcher(allow_none=True, encoding=None)
    server.add_dispatcher(path, d)
    return d

for path in ('/', '/RPC2'):
    root = dispatcher(path)
    root.register_introspection_functions()
    root.register_multicall_functions()
    root.register_function(is_even, 'is_even')
    root.register_function(today, 'today')
    root.register_function(python_logo, 'python_logo')
    root.register_function(add_complex, 'add')
    root.register_function(echo_types, 'echo_types')
    root.register_function(get_state_name, 'examples.getStateName')

math = dispatcher('/math')
math.register_multicall_functions()
math.register_function(lambda x, y: x + y, 'add')
math.register_function(lambda x, y: x - y, 'subtract')
math.register_function(lambda x, y: x * y, 'multiply')
math.register_function(lambda x, y: x / y, 'divide')

wheel = dispatcher('/wheel')
wheel.register_introspection_functions()
wheel.register_instance(Wheel())

betty = dispatcher('/betty')
betty.register_instance(Betty(), allow_dotted_names=True)

secure = dispatcher('/secure')
secure.register_function(is_even, 'is_even')

print(server.server_address[1], flush=True)
server.serve_forever()
`;

/** Starts the seed server; close it in `after`. */
export function startSeedServer(): Promise<PythonProcess> {
  return startPython(SEED_SERVER);
}

/** The 1 KiB the seed server's `python_logo` returns. */
export const LOGO: Buffer = Buffer.concat(
  Array.from({ length: 4 }, () => Buffer.from(Array.from({ length: 256 }, (_, i) => i))),
);
