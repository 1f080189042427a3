# End-to-end target for the (gc) frame: a weak reference's callback runs inside a garbage
# collection (Modules/gcmodule.c handle_weakrefs, with the collector's "collecting" flag set)
# and spins there for good. READY is printed from inside the collection. Valid on 2.7 and 3.x.
import gc
import sys
import weakref


class Node(object):
    pass


def spin_in_gc():
    sys.stdout.write("READY\n")
    sys.stdout.flush()
    n = 0
    while True: n += 1  # LINE:gc_spin_hot


def callback(ref):
    spin_in_gc()  # LINE:callback_call


node = Node()
node.self = node
keep = weakref.ref(node, callback)
del node
gc.collect()  # LINE:module_call
