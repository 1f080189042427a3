# Test data generator for PyStringReaderInterpreterTests (runs on Python 2.7 and 3.6+).
# Dumps the REAL memory of live str objects via ctypes, one line per object:
#   S <label> <object address> <object bytes hex> <data address or 0> <data bytes hex or -> <expected hex>
# and bytes objects (3.x bytes, 2.7 str) such as a real line table:
#   B <label> <object address> <object bytes hex> <payload hex>
# <expected hex> is the text encoded as UTF-8 (3.x) or the raw bytes (2.7).
# Mode "samples" dumps fixed samples (compact, and non-compact via a str subclass);
# mode "filename" dumps this script's own co_filename (used for the C-locale test).
from __future__ import print_function

import binascii
import ctypes
import sys

# PyUnicodeObject.data.any: where a non-compact string keeps its data pointer (cpython-internals.md section 2.6).
LEGACY_DATA_OFFSET = 72 if sys.version_info < (3, 12) else 56


def hex_of(data):
    return binascii.hexlify(data).decode('ascii') if data else '-'


def kind_of(text):
    widest = max([ord(c) for c in text] or [0])
    return 1 if widest < 0x100 else 2 if widest < 0x10000 else 4


def dump_compact(label, value, expected):
    raw = ctypes.string_at(id(value), sys.getsizeof(value))
    print('S', label, id(value), hex_of(raw), 0, '-', hex_of(expected))


def dump_legacy(label, value, expected):
    header = ctypes.string_at(id(value), LEGACY_DATA_OFFSET + 8)
    data_address = ctypes.c_void_p.from_address(id(value) + LEGACY_DATA_OFFSET).value or 0
    data = ctypes.string_at(data_address, (len(value) + 1) * kind_of(value)) if data_address else b''
    print('S', label, id(value), hex_of(header), data_address, hex_of(data), hex_of(expected))


def dump_bytes(label, value):
    raw = ctypes.string_at(id(value), sys.getsizeof(value))
    print('B', label, id(value), hex_of(raw), hex_of(value))


def dump_bytes_samples():
    code = dump_bytes.__code__
    dump_bytes('line_table', code.co_linetable if sys.version_info >= (3, 10) else code.co_lnotab)
    dump_bytes('blob', bytes(bytearray(range(256))) * 12)
    dump_bytes('empty', b'')


class SubStr(str):
    """Instances of str subclasses are non-compact ("legacy") strings: data behind a pointer."""


def samples3():
    texts = [
        ('ascii', u'hello_world'),
        ('empty', u''),
        ('latin1', u'h\xe9llo_\xfcn\xef'),
        ('ucs2', u'\u65e5\u672c\u8a9e'),
        ('ucs2_mixed', u'm\xefddle_\u65e5\u672c'),
        ('ucs4_emoji', u'emoji_\U0001F600'),
        ('ucs4_outer', u'\xf6uter_\U00020000'),
        ('long_ascii', u'x' * 1000),
    ]
    keep = []
    for label, text in texts:
        fresh = u''.join(list(text))  # a heap object, not a shared constant
        keep.append(fresh)
        dump_compact(label, fresh, text.encode('utf-8'))
        legacy = SubStr(text)
        keep.append(legacy)
        dump_legacy(label + '_legacy', legacy, text.encode('utf-8'))


def samples2():
    values = [
        ('ascii', 'hello_world'),
        ('utf8_latin', 'h\xc3\xa9llo_\xc3\xbcn\xc3\xaf'),
        ('utf8_cjk', '\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e'),
        ('utf8_emoji', 'emoji_\xf0\x9f\x98\x80'),
        ('invalid', '\xff\xfeab\xe9c'),
    ]
    for label, value in values:
        fresh = ''.join(list(value))
        dump_compact(label, fresh, value)


def dump_own_filename():
    filename = sys._getframe().f_code.co_filename
    # Under LC_ALL=C, 3.6 holds undecodable bytes as lone surrogates; print the raw bytes the OS gave.
    expected = filename.encode('utf-8', 'surrogateescape') if sys.version_info[0] == 3 else filename
    dump_compact('filename', filename, expected)


if sys.argv[1:] == ['filename']:
    dump_own_filename()
elif sys.version_info[0] == 2:
    samples2()
    dump_bytes_samples()
else:
    samples3()
    dump_bytes_samples()
