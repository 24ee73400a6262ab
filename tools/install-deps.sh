#!/bin/sh
# Install the tools named on the command line, which conf/env.mk did not
# find: any of cc (a compiler for 32-bit x86 code), libgcc (its 32-bit
# support library), hostcc (a compiler for the host), python, qemu and gdb.  With none named, say that nothing is
# missing and install nothing.
#
# On Debian and Ubuntu (WSL2 too) it says what it installs, then installs
# it with apt-get (through sudo unless run as root).  Elsewhere it prints
# the command that would install them (brew on macOS) and fails.  Run by
# `make deps`, and by any make whose goals need a tool that is missing.

me=install-deps.sh

if [ $# -eq 0 ]; then
	echo "$me: nothing to install: compiler, host compiler, Python, QEMU and gdb are all there"
	exit 0
fi

have() {
	command -v "$1" >/dev/null 2>&1
}

# Debian's package names for what is missing.  An x86 host's gcc makes
# 32-bit code (gcc-multilib fills in what some setups lack); other hosts
# (arm64) get Debian's i686 cross compiler, which conf/env.mk finds.
apt_packages() {
	arch=$(dpkg --print-architecture 2>/dev/null)
	for what; do
		case $what in
		cc)
			case $arch in
			amd64 | i386)
				if have gcc; then echo gcc-multilib; else echo gcc; fi ;;
			*)
				printf "%s\n" gcc-i686-linux-gnu binutils-i686-linux-gnu ;;
			esac ;;
		libgcc) echo gcc-multilib ;;
		hostcc) printf "%s\n" gcc libc6-dev ;;
		python) echo python3 ;;
		qemu)
			echo qemu-system-x86
			# Only the windowed `make qemu` needs QEMU's display module.
			if [ -n "$DISPLAY$WAYLAND_DISPLAY" ]; then
				echo qemu-system-gui
			fi ;;
		gdb)
			case $arch in
			amd64 | i386) echo gdb ;;
			*) echo gdb-multiarch ;;
			esac ;;
		esac
	done | sort -u
}

# Homebrew's, for macOS on Intel and Apple Silicon alike.
brew_packages() {
	for what; do
		case $what in
		cc) echo i686-elf-gcc ;;
		python) echo python3 ;;
		qemu) echo qemu ;;
		gdb) echo i386-elf-gdb ;;
		esac
	done
}

# What each is, for systems whose package names we do not know.
describe() {
	for what; do
		case $what in
		cc) echo "an i386-elf cross gcc (or a gcc that makes 32-bit code with -m32, or clang and lld);" ;;
		libgcc) echo "the compiler's 32-bit libgcc (gcc-multilib);" ;;
		hostcc) echo "a C compiler for this machine (cc);" ;;
		python) echo "Python 3.9 or newer;" ;;
		qemu) echo "QEMU with its i386 system emulator (qemu-system-i386);" ;;
		gdb) echo "gdb for i386 (gdb-multiarch or i386-elf-gdb);" ;;
		esac
	done | tr '\n' ' '
}

if [ "$(uname -s)" = Darwin ]; then
	packages=$(echo $(brew_packages "$@"))
	case " $* " in *" hostcc "*)
		echo "$me: no C compiler: install Apple's command line tools: xcode-select --install" >&2 ;;
	esac
	if [ -n "$packages" ]; then
		echo "$me: missing tools: install them with: brew install $packages" >&2
	fi
	exit 1
fi

if ! have apt-get; then
	echo "$me: missing: $(describe "$@")" >&2
	echo "$me: install those with your package manager, or see README (Setting up)" >&2
	exit 1
fi

packages=$(echo $(apt_packages "$@"))
if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif have sudo; then
	sudo="sudo"
else
	echo "$me: need root or sudo to install: $packages" >&2
	exit 1
fi

echo "$me: installing with apt-get: $packages"
$sudo apt-get update -q || exit 1
# shellcheck disable=SC2086 # $packages is a list of package names.
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	--no-install-recommends $packages
