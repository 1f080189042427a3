# End-to-end target: real code nobody here wrote, run in a loop until killed, for the completeness tests
# (RealApplicationTests). Valid on Python 2.7 and 3.x.
#
#   real_code.py stdlib           CPython's own test modules (tokenize, difflib, json; coroutines on 3.6+):
#                                 generators, coroutines and deep library stacks
#   real_code.py pylint DIR       pylint (Debian's package) checking the sources in DIR
#   real_code.py sphinx SRC OUT   sphinx-build (Debian's package) building the documents in SRC
#   real_code.py hg REPO FILE     mercurial (Debian's package): `hg annotate FILE` in REPO
#
# The arguments may also come as lines of $PYFLAME_REAL_CODE (an embedding host passes no arguments).
# Everything runs in this process, so every sample's stack is rooted at this file's <module> frame (the
# main thread) or at threading's _bootstrap (other threads). Prints READY once warm (the first
# cases or round have run).
import io
import os
import sys
import unittest

ARGS = sys.argv[1:] or os.environ["PYFLAME_REAL_CODE"].split("\n")


def test_cases(suite):
    for test in suite:
        if isinstance(test, unittest.TestSuite):
            for case in test_cases(test):
                yield case
        else:
            yield test


STDLIB_MODULES = ["test.test_tokenize", "test.test_difflib", "test.test_json"]
if sys.version_info >= (3, 6):
    STDLIB_MODULES.append("test.test_coroutines")
# Cases that take seconds each (whole-library round trips) would make one round last minutes on a busy machine,
# and cases that run a child interpreter (command-line tools) would leave this one waiting, not running.
SLOW = ("random_files", "roundtrip", "largefile", "recursion", "test_tool", "CommandLine", "cli", "script")
STDLIB_CASES = ARGS[0] == "stdlib" and [case for name in STDLIB_MODULES
                for case in test_cases(unittest.defaultTestLoader.loadTestsFromName(name))
                if not any(word in case.id() for word in SLOW)]


def stdlib_round():
    stream = io.StringIO() if sys.version_info[0] >= 3 else io.BytesIO()
    runner = unittest.TextTestRunner(stream=stream, verbosity=0)
    for number, case in enumerate(STDLIB_CASES):
        runner.run(case)
        if number == 10:
            ready()


def ready():
    if not READY_SENT:
        READY_SENT.append(True)
        real_stdout.write("READY\n")
        real_stdout.flush()


READY_SENT = []


def pylint_round():
    from pylint.lint import Run
    Run(["--jobs=1", "--persistent=n", "--score=n", ARGS[1]], exit=False)


def sphinx_round():
    from sphinx.cmd.build import build_main
    build_main(["-q", "-E", "-b", "html", ARGS[1], ARGS[2]])


def hg_round():
    from mercurial import dispatch  # imported before stdout is replaced: mercurial keeps sys.stdout.buffer
    os.chdir(ARGS[1])
    dispatch.dispatch(dispatch.request([b"annotate", ARGS[2].encode()], fout=io.BytesIO(), ferr=io.BytesIO()))


ROUNDS = {"stdlib": stdlib_round, "pylint": pylint_round, "sphinx": sphinx_round, "hg": hg_round}

run_round = ROUNDS[ARGS[0]]
if run_round is hg_round:
    from mercurial import dispatch
real_stdout = sys.stdout
sys.stdout = io.StringIO() if sys.version_info[0] >= 3 else io.BytesIO()  # the applications' reports
if run_round is not stdlib_round:
    run_round()
    ready()
while True:
    run_round()
    sys.stdout = io.StringIO() if sys.version_info[0] >= 3 else io.BytesIO()
