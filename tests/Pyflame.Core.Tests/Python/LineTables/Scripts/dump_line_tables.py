# Test data generator for LineTableInterpreterTests (runs on Python 2.7 and 3.6+).
# For every code object compiled from some stdlib modules and synthetic sources it prints one line:
#   C <name> <co_firstlineno> <line table hex or -> <code size in bytes> <lines...>
# (compiled with dont_inherit so this file's print_function future does not leak into 2.7 sources)
# where <lines...> is the line the interpreter itself reports through PyCode_Addr2Line for byte
# offsets -2, -1, 0, 1, ..., size-1. On 3.10+ a second line follows:
#   L <lines for offsets 0..size-1 derived from co_lines(), -1 for None>
from __future__ import print_function

import binascii
import ctypes
import sys

MODULES = ['inspect', 'threading', 'argparse', 'collections', 'textwrap', 'tokenize', 'json.decoder']

addr2line = ctypes.pythonapi.PyCode_Addr2Line
addr2line.argtypes = [ctypes.py_object, ctypes.c_int]
addr2line.restype = ctypes.c_int

GAP = '\n' * 300


def synthetic_sources():
    yield 'gaps', (
        'def gaps(a):\n'
        '    x = 1\n' + GAP +
        '    y = 2\n' + '#\n' * 300 +
        '    z = (x +\n' + GAP + '        y)\n'
        '    return (a,\n' + '\n' * 5000 + '        z)\n')
    yield 'negative', (
        'def negative(items, d):\n'
        '    total = 0\n'
        '    for item in items:\n'
        '        total += item\n'
        '    while total > 0:\n'
        '        total -= 1\n'
        '    value = d[\n'
        '        1] + d[\n'
        '        2]\n'
        '    return max(\n'
        '        [i\n'
        '         for i in items\n'
        '         if i],\n'
        '        value,\n'
        '    )\n')
    yield 'far_call', (
        'def far_call(f, a):\n'
        '    return f(\n' + GAP +
        '        a,\n' + GAP +
        '    )\n' + GAP +
        'class Late(object):\n'
        '    def method(self):\n'
        '        try:\n'
        '            return 1\n'
        '        finally:\n'
        '            self.x = 2\n')
    # One line holding far more than 254 bytes of bytecode (3.10 splits ranges, 3.11+ 8-unit entries).
    yield 'long_line', 'def long_line(a):\n    return (' + 'a, ' * 400 + ')\n'


def module_sources():
    for name in MODULES:
        __import__(name)
        module = sys.modules[name]
        path = module.__file__
        if path.endswith('.pyc'):
            path = path[:-1]
        with open(path, 'rb') as handle:
            yield name, handle.read()


def walk(code):
    yield code
    for const in code.co_consts:
        if isinstance(const, type(code)):
            for inner in walk(const):
                yield inner


def hex_of(data):
    return binascii.hexlify(data).decode('ascii') if data else '-'


def co_lines_expectation(code, size):
    lines = [-1] * size
    for start, end, line in code.co_lines():
        for offset in range(max(start, 0), min(end, size)):
            lines[offset] = -1 if line is None else line
    return lines


def main():
    modern = sys.version_info >= (3, 10)
    print('V %d.%d.%d' % sys.version_info[:3])
    sources = list(module_sources()) + list(synthetic_sources())
    for label, source in sources:
        for code in walk(compile(source, label, 'exec', 0, True)):
            table = code.co_linetable if modern else code.co_lnotab
            size = len(code.co_code)
            lines = [addr2line(code, offset) for offset in range(-2, size)]
            print('C', code.co_name, code.co_firstlineno, hex_of(table), size, ' '.join(map(str, lines)))
            if modern:
                print('L', ' '.join(map(str, co_lines_expectation(code, size))))


main()
