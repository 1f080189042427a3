# End-to-end target for --subprocesses: PYFLAME_FAMILY picks the family of processes it starts.
#
# Valid on Python 2.7 and 3.x. Started by absolute path, so co_filename is absolute. Every child spins on ONE line
# (the whole loop on it) until its parent is gone, so the tests know each process's exact leaf frame.
#   prefork     a pre-fork server: the parent forks two workers, each spinning in a function of its own
#   pool-fork   a multiprocessing pool of two workers (fork start method) running pool_task
#   pool-spawn  the same with the spawn start method (3.4+): the workers are fresh interpreters
#   late        one child spins for a while once released, then exits (mid-run); another is forked only once
#               released. The test releases them (creates the file PYFLAME_FAMILY_GO names) once it has seen
#               pyflame pause the parent and the first child, so both happen while pyflame samples.
#   spin        no children: spin (what the shell script of the trace test starts, once per Python version)
import os
import sys
import time


def worker_alpha(parent):
    while os.getppid() == parent: pass  # LINE:alpha


def worker_beta(parent):
    while os.getppid() == parent: pass  # LINE:beta


def pool_task(parent):
    while os.getppid() == parent: pass  # LINE:pool_task
    return 0


def early_spin(end):
    while time.time() < end: pass  # LINE:early_spin


def late_spin(parent):
    while os.getppid() == parent: pass  # LINE:late_spin


def shell_spin(seconds):
    end = time.time() + seconds
    while time.time() < end: pass  # LINE:shell_spin


def released():
    """True once the file PYFLAME_FAMILY_GO names exists (the test creates it; without it, 2 s after the start).

    The test, not the target, judges when sampling began: it sees TracerPid from the host, which a target chrooted
    into a root without /proc (the Debian root) cannot.
    """
    go = os.environ.get("PYFLAME_FAMILY_GO")
    return os.path.exists(go) if go else time.time() - STARTED > 2.0


STARTED = time.time()


def ready():
    sys.stdout.write("READY\n")
    sys.stdout.flush()


def master_wait():
    while True:
        time.sleep(0.05)  # LINE:master_wait


def prefork(parent):
    for worker in (worker_alpha, worker_beta):
        if os.fork() == 0:
            worker(parent)  # LINE:prefork_worker
            os._exit(0)
    ready()
    master_wait()  # LINE:prefork_wait


def pool(parent, method):
    import multiprocessing
    # 3.14 made forkserver the default start method, so even fork is asked for by name where it can be (3.4+).
    context = multiprocessing.get_context(method) if hasattr(multiprocessing, "get_context") else multiprocessing
    workers = context.Pool(2)
    result = workers.map_async(pool_task, [parent, parent])
    ready()
    result.wait()


def late(parent):
    if os.fork() == 0:
        while not released():
            time.sleep(0.01)
        early_spin(time.time() + 0.5)  # LINE:early_call
        os._exit(0)
    ready()
    while not released():
        time.sleep(0.01)
    if os.fork() == 0:
        late_spin(parent)  # LINE:late_call
        os._exit(0)
    master_wait()


def run(mode):
    parent = os.getpid()
    if mode == "prefork":
        prefork(parent)  # LINE:run_prefork
    elif mode.startswith("pool-"):
        pool(parent, mode[len("pool-"):])
    elif mode == "late":
        late(parent)  # LINE:run_late
    else:
        shell_spin(float(mode))  # LINE:run_spin


if __name__ == "__main__":
    run(os.environ.get("PYFLAME_FAMILY", sys.argv[1] if len(sys.argv) > 1 else "1"))  # LINE:module_call
