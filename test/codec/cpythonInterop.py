"""CPython side of the codec interop test.

Reads one JSON request on stdin and prints one JSON answer:
  {"op": "dumps"} -> {name: xml} for every corpus entry, written by xmlrpc.client.dumps
  {"op": "loads", "items": {name: xml}} -> {name: {"ok": bool, "got": repr}} after
     xmlrpc.client.loads of Spindle's XML, compared with the corpus entry of that name
"""
import json
import sys
import xmlrpc.client
from datetime import datetime

CORPUS = {
    "int": (42, -7, 0),
    "int bounds": (-2147483648, 2147483647),
    "double": (3.25, -0.5, 1e-07, 1.5e300, 3.0),
    "boolean": (True, False),
    "string": ("hello world",),
    "empty string": ("",),
    "escapes": ("a < b && c > d \"q\" 's' ]]>",),
    "carriage return": ("line1\r\nline2\rline3\n",),
    "unicode": ("h\u00e9llo w\u00f6rld \u2713 \u6f22\u5b57",),
    "emoji": ("\U0001F600 party \U0001F389",),
    "whitespace": ("  spaced\tout  ",),
    "nested struct": ({"a": {"b": {"c": [1, 2, {"d": "e"}]}}, "z": "last"},),
    "empty struct": ({},),
    "empty array": ([],),
    "numeric-looking keys": ({"2000": {"04": {"01": {"moe": 1, "larry": 2, "curly": 3}}}},),
    "special keys": ({"__proto__": 1, "constructor": 2, "hasOwnProperty": 3, "": 4},),
    "none": (None, [None], {"n": None}),
    "datetime": (datetime(1998, 7, 17, 14, 8, 55), datetime(2024, 2, 29, 0, 0, 0)),
    "base64 76 columns": (bytes(range(256)) * 2,),
    "empty base64": (b"",),
    "mixed array": ([1, "two", 3.5, True, None, {"x": []}, [[]]],),
    "many params": (1, "a", [2], {"b": 3}),
    # Integral doubles beyond 32 bits: each side must write and read them as doubles.
    "large doubles": (1e15, 2.0 ** 53, -1e15, 4294967296.0),
    # CPython cannot write a fraction from a datetime; its DateTime keeps the text as given.
    "datetime fraction": (xmlrpc.client.DateTime("20260102T03:04:05.123"),),
}

# What Spindle sends that has no CPython literal in CORPUS: undefined (a struct member, a
# trailing argument) is nil to CPython, and a class instance its fields.
SENT_ONLY = {
    "undefined member": ({"name": "Ada", "email": None},),
    "trailing undefined": (1, None),
    "only argument undefined": (None,),
    "instance": ({"owner": "Ada", "balance": 10, "note": None},),
}

# Compared with the exact Python type (float is not int here).
STRICT_TYPES = {"large doubles"}
# Read without use_builtin_types: its datetime parser refuses fractions of a second.
DATETIME_OBJECTS = {"datetime fraction"}


def dumps_all():
    out = {}
    for name, params in CORPUS.items():
        out[name] = xmlrpc.client.dumps(params, methodname="interop.echo", allow_none=True)
    out["response"] = xmlrpc.client.dumps(({"ok": True, "items": [1, 2]},), methodresponse=True)
    out["fault"] = xmlrpc.client.dumps(xmlrpc.client.Fault(4, "Too many parameters."))
    out["none response"] = xmlrpc.client.dumps((None,), methodresponse=True, allow_none=True)
    return out


def same(a, b, strict=False):
    # bool is an int in Python: compare types too, so True never passes for 1.
    if type(a) is not type(b):
        if strict or not (isinstance(a, (int, float)) and isinstance(b, (int, float))
                          and not isinstance(a, bool) and not isinstance(b, bool)):
            return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y, strict) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k], strict) for k in a)
    return a == b


def loads_all(items):
    out = {}
    for name, xml in items.items():
        try:
            params, method = xmlrpc.client.loads(xml, use_builtin_types=name not in DATETIME_OBJECTS)
            if name == "response":
                expected = ({"ok": True, "items": [1, 2]},)
            elif name == "void response":
                expected = (None,)
            elif name in SENT_ONLY:
                expected = SENT_ONLY[name]
            else:
                expected = CORPUS[name]
            ok = same(tuple(params), tuple(expected), name in STRICT_TYPES)
            out[name] = {"ok": ok, "got": repr(params), "method": method}
        except xmlrpc.client.Fault as fault:
            out[name] = {
                "ok": name == "fault" and fault.faultCode == 4 and fault.faultString == "Too many parameters.",
                "got": repr(fault),
                "method": None,
            }
        except Exception as error:  # report, do not crash: the test names the case
            out[name] = {"ok": False, "got": "error: %r" % (error,), "method": None}
    return out


def main():
    request = json.load(sys.stdin)
    if request["op"] == "dumps":
        answer = dumps_all()
    else:
        answer = loads_all(request["items"])
    json.dump(answer, sys.stdout)


main()
