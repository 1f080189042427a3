/*
 * embed_host: a tiny non-"python" executable that embeds libpython and runs one
 * script file, the way uWSGI-style servers do. The interpreter is initialised and
 * run on a SECONDARY pthread while the main thread only waits in pthread_join, so
 * a profiler cannot assume the process's main thread is the Python thread, nor
 * that the executable is called python or contains the interpreter symbols.
 *
 * Usage: embed_host /absolute/path/script.py
 * Built at test time (EmbedHost.cs) with python3.11-config --cflags / --embed --ldflags.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pthread.h>
#include <stdio.h>

static int script_status = 1;

static void *run_python(void *arg)
{
    const char *script_path = (const char *)arg;
    FILE *script = fopen(script_path, "rb");
    if (script == NULL) {
        perror(script_path);
        return NULL;
    }
    Py_Initialize();
    /* closeit=1: CPython closes the FILE. The filename becomes co_filename/__file__. */
    script_status = PyRun_SimpleFileExFlags(script, script_path, 1, NULL) == 0 ? 0 : 1;
    Py_Finalize();
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s SCRIPT.py\n", argv[0]);
        return 2;
    }
    pthread_t python_thread;
    if (pthread_create(&python_thread, NULL, run_python, argv[1]) != 0) {
        fprintf(stderr, "embed_host: pthread_create failed\n");
        return 1;
    }
    pthread_join(python_thread, NULL);
    return script_status;
}
