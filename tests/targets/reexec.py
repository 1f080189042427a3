# End-to-end target for a process that replaces its program (execve) while it is profiled. Valid on 2.7 and 3.x.
#   PYFLAME_E2E_EXEC_FROM  "main" (default) or "thread": which thread calls os.execv
# The first program prints READY and burns CPU (a second thread burns too, so there are threads for the exec to
# kill) until it receives SIGUSR1, then execs itself with the argument "again"; the second program prints
# "reexec: again" and burns for a minute.
import os
import signal
import sys
import threading
import time

triggered = []


def burn(seconds):
    end = time.time() + seconds
    while time.time() < end and not triggered: pass  # LINE:burn_hot


def replace_program():
    os.execv(sys.executable, [sys.executable, os.path.abspath(__file__), "again"])


if sys.argv[1:] == ["again"]:
    sys.stdout.write("reexec: again\n")
    sys.stdout.flush()
    burn(60)
    sys.exit(0)

signal.signal(signal.SIGUSR1, lambda number, frame: triggered.append(number))
helper = threading.Thread(target=burn, args=(60,))
helper.daemon = True
helper.start()
sys.stdout.write("READY\n")
sys.stdout.flush()
burn(60)
del triggered[:]
if os.environ.get("PYFLAME_E2E_EXEC_FROM", "main") == "thread":
    threading.Thread(target=replace_program).start()
    burn(60)
else:
    replace_program()
