# A stand-in for strace or gdb: ptrace-seizes the PID in $SEIZE_PID (PTRACE_SEIZE leaves it running)
# and holds on until killed, so the target is "already traced". Prints READY once the seize succeeded.
import ctypes
import os
import sys
import time

PTRACE_SEIZE = 0x4206
libc = ctypes.CDLL(None, use_errno=True)
if libc.ptrace(PTRACE_SEIZE, int(os.environ["SEIZE_PID"]), None, None) != 0:
    sys.exit("PTRACE_SEIZE failed: errno %d" % ctypes.get_errno())
sys.stdout.write("READY\n")
sys.stdout.flush()
time.sleep(3600)
