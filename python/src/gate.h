/* The interpreter's gate for the runtime's own threads: host functions,
 * stream callbacks and DLPack deleters run on them and take the GIL. At
 * exit (Python's atexit, before finalization begins) the gate closes:
 * calls already inside finish first, later ones return without touching
 * Python. CPython ends a thread that takes the GIL once finalization has
 * begun, and here that thread would be a runtime worker. */
#ifndef INFINIRT_PY_GATE_H
#define INFINIRT_PY_GATE_H

#include <Python.h>
#include <stdbool.h>

/* Whether the caller may take the GIL and run Python; if so it calls
 * pyrt_gate_leave() when done with Python. */
bool pyrt_gate_enter(void);
void pyrt_gate_leave(void);
/* Registers the closing with atexit. 0, or -1 with an exception set. */
int pyrt_gate_init(void);

#endif
