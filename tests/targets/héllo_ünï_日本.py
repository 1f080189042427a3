# -*- coding: utf-8 -*-
# End-to-end profiling target with a non-ASCII (UTF-8) file name, and on Python 3
# non-ASCII function names covering every PEP 393 string kind of co_name:
#   ïnner       Latin-1 only      -> 1-byte (UCS1) string
#   mïddle_日本  BMP               -> 2-byte (UCS2) string
#   öuter_𠀀     beyond the BMP    -> 4-byte (UCS4) string
# Python 2 cannot parse non-ASCII identifiers, so there the same stack uses the
# ASCII names inner_py2 / middle_py2 / outer_py2 (the file name stays non-ASCII).
#
# The Python 3 functions are compiled from PY3_SOURCE with compile(..., __file__)
# after padding it with blank lines, so their co_filename is this file and their
# line numbers are the real line numbers of this file: the "# LINE:<name>"
# markers inside the string are therefore valid markers for TargetScript.
import sys

PY3_SOURCE = u'''
def ïnner():
    n = 0
    while True: n += 1  # LINE:py3_inner_hot


def mïddle_日本():
    ïnner()  # LINE:py3_middle_call


def öuter_𠀀():
    mïddle_日本()  # LINE:py3_outer_call
'''
PY3_SOURCE_FIRST_LINE = 16  # VALUE:py3_source_first_line (PY3_SOURCE's first, empty, line)


def inner_py2():
    n = 0
    while True: n += 1  # LINE:py2_inner_hot


def middle_py2():
    inner_py2()  # LINE:py2_middle_call


def outer_py2():
    middle_py2()  # LINE:py2_outer_call


# SPINS-AFTER-READY: 1 (tests wait until it ran for a while, so the main thread has left this print)
sys.stdout.write("READY\n")
sys.stdout.flush()
if sys.version_info[0] >= 3:
    padded = u"\n" * (PY3_SOURCE_FIRST_LINE - 1) + PY3_SOURCE
    exec(compile(padded, __file__, "exec"))
    globals()[u"öuter_𠀀"]()  # LINE:py3_module_call
else:
    outer_py2()  # LINE:py2_module_call
