"""The grader: one package.

The library that runs tests:
    runner.py        our tests: register them (test(name, ...)), build,
                     boot each under QEMU, check its output; main()
    classic.py       the classic gradelib API: @test(points), end_part,
                     run_tests, the assert helpers
    classic_qemu.py  the classic API's QEMU side: Runner, QEMU, GDBClient
                     and the monitors (save, stop_breakpoint, ...)
    gdbremote.py     the gdb remote protocol client both use
    ports.py         free TCP ports for QEMU's gdb stub
    symbols.py       kernel symbol tables
    results.py       results.json and JUnit files
    labs.py          the course: which lab and part each test counts for,
                     and its points; what grade-all and grade-labN run

The tests, one module per section (boot.py, lab3.py, ...): importing a
module registers its tests with runner.test, in the order they are
defined; labs.py lists the modules.  gradelib.py at the top of the tree
re-exports runner.py's API, for `from gradelib import *` scripts.
"""

# The library modules above; every other module here holds tests.
LIBRARY = ("runner", "classic", "classic_qemu", "gdbremote", "ports",
           "symbols", "results", "labs")
