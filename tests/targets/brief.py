# End-to-end target for trace mode and for targets that exit on their own: a short program with a
# known stack that also shows what happens to its standard streams, its exit status and signals.
# Valid on Python 2.7 and 3.x, run as a script or by the embed host (so it is configured through the
# environment, not argv):
#   PYFLAME_E2E_BURN    seconds of CPU time to burn in <module> -> run -> burn (default 0.3); CPU time, so
#                       on a loaded machine the program does the same work however long it waits
#   PYFLAME_E2E_STATUS  exit status (default 3)
# It prints READY, echoes one line of stdin and its argv to stdout, writes one line to stderr, burns,
# and exits. SIGTERM, SIGINT and SIGHUP make it print "brief: signal N" and exit with 40 + N, so a
# test can tell a forwarded signal from any other way of dying.
import os
import signal
import sys
import time


def on_signal(number, frame):
    sys.stdout.write("brief: signal %d\n" % number)
    sys.stdout.flush()
    os._exit(40 + number)


cpu_clock = getattr(time, "process_time", None) or time.clock


def burn(seconds):
    end = cpu_clock() + seconds
    while cpu_clock() < end: pass  # LINE:burn_hot


def run():
    sys.stdout.write("READY\n")
    sys.stdout.write("brief: pid %d\n" % os.getpid())
    sys.stdout.write("brief: stdin %s\n" % sys.stdin.readline().strip())
    sys.stdout.write("brief: argv %s\n" % " ".join(getattr(sys, "argv", [])[1:]))
    sys.stdout.flush()
    sys.stderr.write("brief: stderr line\n")
    sys.stderr.flush()
    burn(float(os.environ.get("PYFLAME_E2E_BURN", "0.3")))  # LINE:run_call


for name in ("SIGTERM", "SIGINT", "SIGHUP"):
    signal.signal(getattr(signal, name), on_signal)
run()  # LINE:module_call
sys.exit(int(os.environ.get("PYFLAME_E2E_STATUS", "3")))
