#!/usr/bin/env python3
"""The client examples of the xmlrpclib page (seed 003), ported to Python 3,
against the examples server at BASE (Spindle's `spindle run server.xml`, or
python/server.py). Like client.ts it starts its own non-XML-RPC web server and
HTTP proxy on 127.0.0.1, so it runs offline.

Run: python3 python/client.py [http://127.0.0.1:8000] [out-dir]
"""
import datetime
import http.client
import http.server
import os
import sys
import threading
import urllib.request
import xmlrpc.client

BASE = sys.argv[1].rstrip('/') if len(sys.argv) > 1 else 'http://127.0.0.1:8000'
OUT_DIR = sys.argv[2] if len(sys.argv) > 2 else '.'


class NotXmlRpc(http.server.BaseHTTPRequestHandler):
    """A plain web site: 404 and an HTML page for everything (the seed uses www.google.com)."""

    def do_POST(self):
        self.rfile.read(int(self.headers.get('Content-Length', 0)))
        body = b'<!DOCTYPE html><html><body><h1>Not Found</h1></body></html>\n'
        self.send_response(404, 'Not Found')
        self.send_header('Content-Type', 'text/html; charset=UTF-8')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


SEEN = []


class ForwardProxy(http.server.BaseHTTPRequestHandler):
    """An HTTP proxy for absolute-form requests (the seed's proxy-server:8080)."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
        SEEN.append('POST ' + self.path)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ('connection', 'proxy-connection')}
        with urllib.request.urlopen(urllib.request.Request(self.path, data=body, headers=headers,
                                                           method='POST')) as answer:
            data = answer.read()
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                if name.lower() not in ('content-length', 'connection', 'transfer-encoding'):
                    self.send_header(name, value)
            self.send_header('Content-Length', str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    def log_message(self, *args):
        pass


def serve(handler):
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class ProxiedTransport(xmlrpc.client.Transport):
    """The seed's ProxiedTransport, for Python 3's Transport: connect to the
    proxy and send the request line with the absolute URL."""

    def set_proxy(self, proxy):
        self.proxy = proxy

    def make_connection(self, host):
        self.realhost = host
        if self._connection and host == self._connection[0]:
            return self._connection[1]
        self._connection = host, http.client.HTTPConnection(self.proxy)
        return self._connection[1]

    def send_request(self, host, handler, request_body, debug):
        return super().send_request(host, 'http://%s%s' % (host, handler), request_body, debug)


def main():
    proxy = xmlrpc.client.ServerProxy(BASE + '/')

    print('== Boolean objects')
    print("3 is even: %s" % str(proxy.is_even(3)))
    print("100 is even: %s" % str(proxy.is_even(100)))

    print('== DateTime objects')
    today = proxy.today()
    # convert the ISO8601 string to a datetime object
    converted = datetime.datetime.strptime(today.value, "%Y%m%dT%H:%M:%S")
    print("Today: %s" % converted.strftime("%d.%m.%Y, %H:%M"))

    print('== Binary objects')
    data = proxy.python_logo().data
    with open(os.path.join(OUT_DIR, 'fetched_python_logo.png'), 'wb') as handle:
        handle.write(data)
    print('fetched_python_logo.png: %d bytes, PNG signature: %s' % (len(data), data[1:4] == b'PNG'))

    print('== Fault objects')
    try:
        xmlrpc.client.ServerProxy(BASE + '/fault').add(2, 5)
        print('no fault?')
    except xmlrpc.client.Fault as err:
        print("A fault occurred")
        print("Fault code: %d" % err.faultCode)
        print("Fault string: %s" % err.faultString)

    print('== ProtocolError objects')
    web = serve(NotXmlRpc)
    try:
        xmlrpc.client.ServerProxy('http://127.0.0.1:%d/' % web.server_address[1]).some_method()
        print('no protocol error?')
    except xmlrpc.client.ProtocolError as err:
        print("A protocol error occurred")
        print("URL: %s" % err.url)
        print("HTTP/HTTPS headers: content-type: %s" % err.headers.get('Content-Type'))
        print("Error code: %d" % err.errcode)
        print("Error message: %s" % err.errmsg)
    finally:
        web.shutdown()

    print('== MultiCall objects')
    multicall = xmlrpc.client.MultiCall(xmlrpc.client.ServerProxy(BASE + '/math'))
    multicall.add(7, 3)
    multicall.subtract(7, 3)
    multicall.multiply(7, 3)
    multicall.divide(7, 3)
    result = multicall()
    print("7+3=%d, 7-3=%d, 7*3=%d, 7/3=%d" % tuple(result))

    print('== Introspection')
    names = [name for name in proxy.system.listMethods() if not name.startswith('system.')]
    print('system.listMethods: %s' % ', '.join(names))
    print("system.methodSignature('is_even'): %s" % proxy.system.methodSignature('is_even'))
    print("system.methodHelp('is_even'): %s" % proxy.system.methodHelp('is_even'))

    print('== Example of client usage')
    try:
        print(proxy.examples.getStateName(41))
    except xmlrpc.client.Error as v:
        print("ERROR", v)

    print('== ProxiedTransport')
    forward = serve(ForwardProxy)
    try:
        p = ProxiedTransport()
        p.set_proxy('127.0.0.1:%d' % forward.server_address[1])
        server = xmlrpc.client.ServerProxy(BASE + '/RPC2', transport=p)
        print('currentTime.getCurrentTime: %s' % server.currentTime.getCurrentTime())
    finally:
        forward.shutdown()
    print('(the HTTP proxy forwarded: %s)' % '; '.join(SEEN))


if __name__ == '__main__':
    main()
