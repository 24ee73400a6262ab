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
# Each extra beside the lab path it replaces (its gain is for make bench).
BENCH_EXTRAS = ["fork, 16 pages, fork_batched", "fork, 256 pages, fork_batched",
                "fork, 1024 pages, fork_batched", "COW fault, fork_batched",
                "IPC round trip, blocking send",
                "IPC with a page, blocking send",
                "IPC, 4 senders, blocking send"]

test("bench", prog="bench", timeout=300, stop=r"^bench: done", ordered=False,
     expect=[r"^bench: medians of rdtsc cycles"] +
            [r"^bench: %s\s+(classic|\d)" % f for f in BENCH_FIGURES] +
            [r"^bench: %s\s+lab +\d+  extra +\d+  gain +\d+%%$" % f
             for f in BENCH_EXTRAS] +
            [r"^bench: done, \d+ targets? missed$"])
