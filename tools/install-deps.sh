#!/bin/sh
# Install the tools named on the command line, which conf/env.mk did not
# find: any of cc (a compiler for 32-bit x86 code), libgcc (its 32-bit
# support library), hostcc (a compiler for the host), python, qemu, gdb and
# chromium (which one test of lab 6 runs headless).  With none named, say
# that nothing is missing and install nothing.
#
# One more item, lwip, is not a tool but the source of lwIP 2.1.3, the
# network server's TCP/IP stack: it is fetched as Debian's source package
# into $LWIP_CACHE (fetch_lwip below), without root and without touching
# the machine's apt setup.
#
# On Debian and Ubuntu (WSL2 too) it says what it installs, then installs
# it with apt-get (through sudo unless run as root).  Elsewhere it prints
# the command that would install them (brew on macOS) and fails.  Run by
# `make deps`, and by any make whose goals need a tool that is missing.

me=install-deps.sh

have() {
	command -v "$1" >/dev/null 2>&1
}

# lwIP's upstream tarball as Debian ships it (2.1.3+dfsg1 only drops
# generated documentation).  Debian's revision is not pinned: a stable
# update replaces the .dsc but never this file.
LWIP_ORIG=lwip_2.1.3+dfsg1.orig.tar.xz
LWIP_SHA256=0a8276d09fc4e97bbba2f953d74af2388fc2195ea156be9d7589e297a68fde24

# fetch_lwip: unpack lwIP 2.1.3 into $LWIP_CACHE/lwip-2.1.3, from
# $LWIP_TARBALL if set, else from Debian's source package, downloaded by
# apt-get with a sources list, package lists and cache of its own under
# $LWIP_CACHE/apt (apt checks the release signature and the .dsc's
# hashes; we check the tarball's SHA-256).  Says what it does in one line;
# fails with one line saying why.
fetch_lwip() {
	cache=${LWIP_CACHE:?}
	tree=$cache/lwip-2.1.3
	if [ -f "$tree/src/include/lwip/init.h" ]; then
		return 0
	fi
	mkdir -p "$cache" || return 1
	tarball=${LWIP_TARBALL:-}
	if [ -z "$tarball" ]; then
		echo "$me: fetching lwIP 2.1.3 (Debian source package lwip) into $tree"
		if ! have apt-get; then
			echo "$me: cannot fetch lwIP without apt-get; give LWIP_DIR=/path/to/lwip-2.1.3 or LWIP_TARBALL=/path/to/$LWIP_ORIG" >&2
			return 1
		fi
		apt_dir=$cache/apt
		mkdir -p "$apt_dir/sources.d" "$apt_dir/lists/partial" \
			"$apt_dir/cache/archives/partial" "$apt_dir/download" || return 1
		cat > "$apt_dir/sources.d/debian-src.sources" <<-EOF
		Types: deb-src
		URIs: http://deb.debian.org/debian
		Suites: bookworm
		Components: main
		Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
		EOF
		set -- -o Dir::Etc::SourceList=/dev/null \
			-o Dir::Etc::SourceParts="$apt_dir/sources.d" \
			-o Dir::State::Lists="$apt_dir/lists" \
			-o Dir::Cache="$apt_dir/cache" -o Debug::NoLocking=1
		if ! (apt-get "$@" -q update &&
		      cd "$apt_dir/download" &&
		      apt-get "$@" -q source --download-only lwip) \
				> "$apt_dir/log" 2>&1; then
			echo "$me: fetching lwIP failed (see $apt_dir/log); give LWIP_DIR= or LWIP_TARBALL=" >&2
			return 1
		fi
		tarball=$apt_dir/download/$LWIP_ORIG
	else
		echo "$me: unpacking lwIP 2.1.3 from $tarball into $tree"
	fi
	sum=$(sha256sum "$tarball" 2>/dev/null | cut -d' ' -f1)
	if [ "$sum" != "$LWIP_SHA256" ]; then
		echo "$me: $tarball: not lwIP's $LWIP_ORIG (SHA-256 ${sum:-unreadable}, want $LWIP_SHA256)" >&2
		return 1
	fi
	rm -rf "$tree.tmp" && mkdir "$tree.tmp" &&
		tar -xJf "$tarball" -C "$tree.tmp" &&
		rm -rf "$tree" && mv "$tree.tmp/lwip-2.1.3" "$tree" &&
		rm -rf "$tree.tmp"
}

case " $* " in
*" lwip "*)
	fetch_lwip || exit 1
	set -- $(printf '%s\n' "$@" | grep -vx lwip)
	[ $# -eq 0 ] && exit 0 ;;
esac

if [ $# -eq 0 ]; then
	echo "$me: nothing to install: compiler, host compiler, Python, QEMU and gdb are all there"
	exit 0
fi

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
		chromium) echo chromium ;;
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
		chromium) echo "Chromium (for the browser test of lab 6);" ;;
		qemu) echo "QEMU with its i386 system emulator (qemu-system-i386);" ;;
		gdb) echo "gdb for i386 (gdb-multiarch or i386-elf-gdb);" ;;
		esac
	done | tr '\n' ' '
}

if [ "$(uname -s)" = Darwin ]; then
	packages=$(brew_packages "$@" | tr '\n' ' ' | sed 's/ $//')
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

packages=$(apt_packages "$@" | tr '\n' ' ' | sed 's/ $//')
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
