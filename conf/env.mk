# The tools the build, the QEMU targets and the grader use, found on the
# PATH by every make.  Each can be given instead, on the command line or in
# the environment, and is then used as given:
#
#   make GCCPREFIX=i386-jos-elf-      a cross toolchain: i386-jos-elf-gcc, -ld, ...
#   make GCCPREFIX=                   the host's gcc and binutils, with -m32
#   make CC=clang                     another compiler, GCCPREFIX's binutils
#   make QEMU=/opt/qemu/bin/qemu-system-i386 qemu
#   GDB, HOSTCC (the compiler for tools run on the host), PYTHON
#
# A tool not found keeps its usual name and is listed in TOOLS_MISSING:
# GNUmakefile installs the ones the goals need (tools/install-deps.sh) and
# names the tools chosen, once (tools/check-tools.sh).

TOOLS_MISSING :=

path-dirs := $(subst :, ,$(PATH))
# $(call find-program,NAME...): the first NAME found on the PATH, or empty.
find-program = $(firstword $(foreach n,$(1),\
	$(if $(wildcard $(addsuffix /$(n),$(path-dirs))),$(n))))
# $(call given,VAR): non-empty if VAR came from the command line or the
# environment.
given = $(filter command environment,$(firstword $(origin $(1))))
# $(call builds-i386,CC,LD): non-empty if CC compiles freestanding 32-bit C
# and LD links it.
builds-i386 = $(shell sh tools/check-tools.sh probe '$(1)' '$(2)' && echo yes)

# The compiler and binutils: GCCPREFIX if given, else the first cross
# toolchain found, else the host's gcc if it can make 32-bit code, else
# clang with the host's binutils or LLVM's.  x86_64-elf- and
# i686-linux-gnu- (Debian's cross compiler) work because the build passes
# -m32 and -m elf_i386 anyway.
CROSS_PREFIXES := i386-jos-elf- i686-elf- i386-elf- x86_64-elf- i686-linux-gnu-
ifeq ($(call given,GCCPREFIX),)
GCCPREFIX := $(patsubst %gcc,%,$(call find-program,$(CROSS_PREFIXES:=gcc)))
endif
BINUTILS := $(GCCPREFIX)
ifeq ($(GCCPREFIX)$(call given,GCCPREFIX)$(call given,CC),)
ifneq ($(call builds-i386,gcc,ld),)
else ifneq ($(call builds-i386,clang --target=i386-elf,ld),)
TARGET_CC := clang --target=i386-elf
else ifneq ($(call builds-i386,clang --target=i386-elf,ld.lld),)
TARGET_CC := clang --target=i386-elf
BINUTILS := llvm-
else
TOOLS_MISSING += cc
endif
endif

ifeq ($(call given,CC),)
CC := $(or $(TARGET_CC),$(GCCPREFIX)gcc)
endif
# 64-bit division and the like in user programs come from the compiler's
# 32-bit libgcc.  The host's gcc without its multilib part has none (it
# names its 64-bit one for -m32 too).
ifeq ($(GCCPREFIX)$(TARGET_CC)$(call given,CC),)
ifeq ($(shell gcc -m32 -print-libgcc-file-name 2>&1),$(shell gcc -print-libgcc-file-name 2>&1))
TOOLS_MISSING += libgcc
endif
endif
LD := $(if $(filter llvm-,$(BINUTILS)),ld.lld,$(BINUTILS)ld)
AR := $(BINUTILS)ar
OBJCOPY := $(BINUTILS)objcopy
OBJDUMP := $(BINUTILS)objdump
NM := $(BINUTILS)nm

# The emulator: qemu-system-x86_64 boots this 32-bit kernel just as well.
ifeq ($(call given,QEMU),)
QEMU := $(call find-program,qemu-system-i386 qemu-system-x86_64)
ifeq ($(QEMU),)
QEMU := qemu-system-i386
TOOLS_MISSING += qemu
endif
endif

# The debugger `make gdb` and the grader's gdb tests run.
ifeq ($(call given,GDB),)
GDB := $(call find-program,$(if $(GCCPREFIX),$(GCCPREFIX)gdb) \
	gdb-multiarch i386-elf-gdb gdb)
ifeq ($(GDB),)
GDB := gdb
TOOLS_MISSING += gdb
endif
endif

# The compiler for programs that run on the host while building, such as
# disk image makers: never the cross compiler.
ifeq ($(call given,HOSTCC),)
HOSTCC := $(call find-program,cc gcc clang)
ifeq ($(HOSTCC),)
HOSTCC := cc
TOOLS_MISSING += hostcc
endif
endif

# The interpreter for the build scripts in tools/ and for the grader.
ifeq ($(call given,PYTHON),)
PYTHON := $(call find-program,python3)
ifeq ($(PYTHON),)
PYTHON := python3
TOOLS_MISSING += python
endif
endif
