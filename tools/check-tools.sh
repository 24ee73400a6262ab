#!/bin/sh
# Check the tools conf/env.mk chose.  Installs nothing.
#
#   check-tools.sh probe CC LD
#       Exit 0 if CC compiles a freestanding 32-bit C file and LD links
#       it, quietly.  PROBE_CFLAGS and PROBE_LDFLAGS replace the few flags
#       used by default.
#   check-tools.sh report
#       Check the tools named by the variables CC, LD, AR, OBJCOPY,
#       OBJDUMP, NM, QEMU, GDB, HOSTCC and PYTHON, then print one line
#       naming them and their versions.  A compiler that cannot build
#       32-bit freestanding code, missing binutils or a Python older than
#       the grader needs is an error: one line saying so, exit status 1.
#       A QEMU older than the oldest tested is a warning line.

# The oldest versions the build and tests are tried with (README says so).
PYTHON_MIN=3.9
QEMU_TESTED=7.2

me=check-tools.sh

# $1 names an existing command?  (Its first word: CC may carry flags.)
have() {
	set -- $1
	command -v "$1" >/dev/null 2>&1
}

# Is version $1 (as 7.2.22) at least $2 (as 7.2)?
at_least() {
	printf '%s\n%s\n' "$1" "$2" | awk -F. '
		NR == 1 { split($0, a, ".") }
		NR == 2 { split($0, b, ".") }
		END {
			for (i = 1; i <= 3; i++)
				if (a[i] + 0 != b[i] + 0)
					exit (a[i] + 0 < b[i] + 0)
			exit 0
		}'
}

# Compile and link the probe with $1 and $2; print the first complaint.
probe() {
	dir=$(mktemp -d) || exit 1
	printf 'int probe_count;\nvoid _start(void)\n{\n\tfor (;;)\n\t\tprobe_count++;\n}\n' > "$dir/probe.c"
	# shellcheck disable=SC2086 # the flags and tools are word lists.
	$1 ${PROBE_CFLAGS:--m32 -ffreestanding -nostdinc -fno-pie -fno-stack-protector} \
		-c -o "$dir/probe.o" "$dir/probe.c" > "$dir/log" 2>&1 &&
	$2 ${PROBE_LDFLAGS:--m elf_i386 -nostdlib} -e _start \
		-o "$dir/probe" "$dir/probe.o" > "$dir/log" 2>&1
	status=$?
	[ $status -eq 0 ] || grep -m 1 . "$dir/log"
	rm -rf "$dir"
	return $status
}

# The first line of `$1 --version`.
version_of() {
	$1 --version 2>/dev/null | head -n 1
}

# The number in "... version 7.2.22 (...)" or "Python 3.11.2".
version_number() {
	sed -n 's/^[^0-9]*\([0-9][0-9]*\.[0-9][0-9.]*\).*/\1/p' | head -n 1
}

fail() {
	echo "$me: $*" >&2
	exit 1
}

report() {
	have "$CC" || fail "no compiler $CC: check GCCPREFIX and CC, or run make deps"
	if ! why=$(probe "$CC" "$LD"); then
		fail "$CC cannot build 32-bit freestanding code with $LD ($why): see README (Setting up)"
	fi
	for tool in "$AR" "$OBJCOPY" "$OBJDUMP" "$NM"; do
		have "$tool" || fail "no $tool (binutils): see README (Setting up)"
	done

	have "$PYTHON" || fail "no $PYTHON: run make deps"
	python_version=$($PYTHON --version 2>&1 | version_number)
	at_least "$python_version" $PYTHON_MIN ||
		fail "$PYTHON is Python $python_version; the build and grader need $PYTHON_MIN or newer: make PYTHON=... names another"

	if have "$QEMU"; then
		qemu_version=$(version_of "$QEMU" | version_number)
		qemu="$QEMU $qemu_version"
		at_least "$qemu_version" $QEMU_TESTED ||
			echo "$me: warning: $QEMU is version $qemu_version, older than $QEMU_TESTED, the oldest tested: if QEMU misbehaves, upgrade it"
	else
		qemu="none (make deps installs one)"
	fi
	gdb=$GDB
	have "$GDB" || gdb="none (make deps installs one)"
	hostcc=$HOSTCC
	have "$HOSTCC" || hostcc="none (make deps installs one)"

	cc_version=$($CC -dumpversion 2>/dev/null)
	echo "+ tools: compiler $CC $cc_version with $LD; QEMU $qemu; gdb $gdb; host compiler $hostcc; Python $PYTHON $python_version"
}

case $1 in
probe)
	probe "$2" "$3" > /dev/null
	;;
report)
	report
	;;
*)
	echo "usage: $me probe CC LD | report" >&2
	exit 2
	;;
esac
