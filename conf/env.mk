# Local toolchain and emulator settings.  Every value here is a default:
# set the same variable on the make command line or in the environment to
# override it (for example `make QEMU=/opt/qemu/bin/qemu-system-i386`).

# Prefix of the binutils/gcc to use.  Empty means the host's own gcc and
# binutils, which build 32-bit code with -m32.  A cross toolchain works too:
# GCCPREFIX=i386-jos-elf-
GCCPREFIX ?=

# The emulator.  Any QEMU with the i386 system target will do.
QEMU ?= qemu-system-i386

# The debugger `make gdb` runs.
GDB ?= gdb

# The interpreter for the build scripts in tools/ and for the grader.
PYTHON ?= python3
