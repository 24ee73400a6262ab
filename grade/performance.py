"""The benchmark runs to the end (its figures are for `make bench`)."""

from grade.runner import test


# user/test/bench.c runs to the end and prints every figure.  Its timings and
# ratios are for `make bench` to judge, never for a test: a loaded
# machine must not fail the grade.

BENCH_FIGURES = ["null syscall, int vs sysenter", "sys_yield, one env",
                 "env create\\+destroy",
                 "fork, 16 dirty pages", "fork, 256 dirty pages",
                 "fork, 1024 dirty pages", "page copy into place",
                 "COW fault after fork", "IPC round trip",
                 "IPC round trip with a page", "IPC, 4 senders, per message",
                 "sys_yield ping-pong, 2 envs", "IPC round trip, same 2 envs"]

test("bench", prog="bench", timeout=300, stop=r"^bench: done",
     expect=[r"^bench: medians of rdtsc cycles"] +
            [r"^bench: %s\s+(classic|\d)" % f for f in BENCH_FIGURES] +
            [r"^bench: done, \d+ targets? missed$"])
