#!/usr/bin/env python3
"""The servers of the xmlrpclib page (seed 003), ported to Python 3 and served
on one port, one path each, like server.xml:

  /  and /RPC2   is_even, today, python_logo, examples.getStateName,
                 currentTime.getCurrentTime, introspection
  /fault         add, returning a complex number (a marshalling fault)
  /math          add, subtract, multiply, divide, with system.multicall

Run: python3 python/server.py [port]   (default 8000)
"""
import datetime
import os
import sys
import xmlrpc.client
from xmlrpc.server import MultiPathXMLRPCServer, SimpleXMLRPCDispatcher, SimpleXMLRPCRequestHandler

HERE = os.path.dirname(os.path.abspath(__file__))
STATES = ['Alabama', 'Alaska', 'Arizona', 'Arkansas', 'California', 'Colorado', 'Connecticut',
          'Delaware', 'Florida', 'Georgia', 'Hawaii', 'Idaho', 'Illinois', 'Indiana', 'Iowa',
          'Kansas', 'Kentucky', 'Louisiana', 'Maine', 'Maryland', 'Massachusetts', 'Michigan',
          'Minnesota', 'Mississippi', 'Missouri', 'Montana', 'Nebraska', 'Nevada', 'New Hampshire',
          'New Jersey', 'New Mexico', 'New York', 'North Carolina', 'North Dakota', 'Ohio',
          'Oklahoma', 'Oregon', 'Pennsylvania', 'Rhode Island', 'South Carolina', 'South Dakota',
          'Tennessee', 'Texas', 'Utah', 'Vermont', 'Virginia', 'Washington', 'West Virginia',
          'Wisconsin', 'Wyoming']


# Boolean objects
def is_even(n):
    """Return True when n is even."""
    return n % 2 == 0


# DateTime objects
def today():
    today = datetime.datetime.today()
    return xmlrpc.client.DateTime(today)


# Binary objects (the sample ships a small PNG instead of python_logo.jpg)
def python_logo():
    with open(os.path.join(HERE, '..', 'python_logo.png'), 'rb') as handle:
        return xmlrpc.client.Binary(handle.read())


# Example of client usage (the specification's betty.userland.com method)
def get_state_name(n):
    """The name of the state with number n (1..50)."""
    return STATES[n - 1]


# Fault objects: a marshalling error occurs because we return a complex number
def add_complex(x, y):
    return x + y + 0j


# MultiCall objects
def add(x, y):
    return x + y


def subtract(x, y):
    return x - y


def multiply(x, y):
    return x * y


def divide(x, y):
    return x / y


class Handler(SimpleXMLRPCRequestHandler):
    rpc_paths = ()  # every path the dispatchers know


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8000
    server = MultiPathXMLRPCServer(('127.0.0.1', port), requestHandler=Handler, logRequests=False)

    examples = SimpleXMLRPCDispatcher()
    examples.register_function(is_even, 'is_even')
    examples.register_function(today, 'today')
    examples.register_function(python_logo, 'python_logo')
    examples.register_function(get_state_name, 'examples.getStateName')
    examples.register_function(today, 'currentTime.getCurrentTime')
    examples.register_introspection_functions()
    examples.register_multicall_functions()
    server.add_dispatcher('/', examples)
    server.add_dispatcher('/RPC2', examples)

    fault = SimpleXMLRPCDispatcher()
    fault.register_function(add_complex, 'add')
    server.add_dispatcher('/fault', fault)

    math = SimpleXMLRPCDispatcher()
    math.register_multicall_functions()
    for function in (add, subtract, multiply, divide):
        math.register_function(function, function.__name__)
    server.add_dispatcher('/math', math)

    print('Listening on port %d...' % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == '__main__':
    main()
