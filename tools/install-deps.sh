#!/bin/sh
# Install the host tools the JOS build, QEMU targets and grader need, on
# Debian or Ubuntu, through apt-get (with sudo unless run as root).
#
# Checks each tool and installs only what is missing, saying what; exits
# quickly, installing nothing, when everything is there.  The build runs it
# on its own (GNUmakefile, $(TOOLS_OK)); run it by hand on a new machine if
# you like.  On other systems it names what is missing and fails.

set -e

missing=""
need() {
	missing="$missing $1"
}

have() {
	command -v "$1" >/dev/null 2>&1
}

# Can gcc -m32 compile and link a freestanding 32-bit program that divides
# 64-bit numbers?  It needs no C library, only the compiler's and binutils'
# i386 support and the 32-bit libgcc (for __udivdi3), which gcc-multilib
# supplies.
gcc_m32_works() {
	dir=$(mktemp -d)
	printf 'unsigned long long q, n = 7, d = 3;\nvoid start(void) { q = n / d; for (;;) ; }\n' > "$dir/t.c"
	ok=0
	gcc -m32 -ffreestanding -nostdlib -static -Wl,-e,start \
		-o "$dir/t" "$dir/t.c" -lgcc >/dev/null 2>&1 || ok=1
	rm -rf "$dir"
	return $ok
}

have make || need make
for tool in ld objcopy objdump nm ar; do
	have "$tool" || { need binutils; break; }
done
if ! have gcc; then
	need gcc
elif ! gcc_m32_works; then
	need gcc-multilib
fi
have qemu-system-i386 || need qemu-system-x86
have gdb || need gdb
have python3 || need python3
have truncate || need coreutils
have cmp || need diffutils

[ -z "$missing" ] && exit 0

if ! have apt-get; then
	echo "install-deps.sh: missing:$missing" >&2
	echo "install-deps.sh: no apt-get here; install those yourself." >&2
	exit 1
fi

# Only the graphical `make qemu` needs QEMU's display module.
if [ -n "$DISPLAY$WAYLAND_DISPLAY" ] && ! have qemu-system-i386; then
	missing="$missing qemu-system-gui"
fi

if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif have sudo; then
	sudo="sudo"
else
	echo "install-deps.sh: need root or sudo to install:$missing" >&2
	exit 1
fi

echo "install-deps.sh: installing:$missing"
$sudo apt-get update -q
# shellcheck disable=SC2086 # $missing is a list of package names.
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	--no-install-recommends $missing
