#!/bin/bash
# Tests of the setup (conf/env.mk, tools/check-tools.sh,
# tools/install-deps.sh) on simulated machines: each case runs make in a
# fresh clone of this tree's HEAD with PATH set to a directory of links to
# this machine's commands, some left out or replaced by stand-ins.  apt-get
# is always a stand-in that logs what it was asked and installs nothing.
#
#   tools/test-setup.sh [--python PYTHON] CASE...
#
#   cross     a simulated i386-jos-elf- cross toolchain (scripts around the
#             host's gcc and binutils), and a host gcc and cc that refuse
#             -m32: conf/env.mk picks the cross toolchain, make grade
#             passes installing nothing, make deps says nothing is missing
#   llvm      clang, ld.lld and LLVM's binutils, with gcc and cc being
#             clang and an ld that cannot link i386, as on macOS: clang
#             --target=i386-elf with LLVM's tools builds everything and
#             passes the boot tests (not yet all: some expect GNU ld's
#             addresses)
#   fresh     no compiler, Python, QEMU or gdb: make, make qemu-nox, make
#             grade and make deps each say what they install and ask
#             apt-get for that and no more; with a working toolchain but
#             no QEMU, building installs nothing
#   messages  a missing GCCPREFIX compiler, a compiler that cannot make
#             32-bit code, a host compiler without C headers and a too
#             old Python each stop make with one line saying so; a QEMU older than the oldest tested is one
#             warning line
#
# PYTHON (default python3) is the Python the simulated machines have.
# Prints "CASE: OK" or "CASE: FAIL" with the reasons for each case, then
# "N passed, M failed"; exits 1 if any failed.  Logs are kept in
# obj/test-setup/.

set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd)
LOGS=$ROOT/obj/test-setup
python=python3
if [ "${1:-}" = --python ]; then
	python=$2
	shift 2
fi
PYTHON_BIN=$("$python" -c 'import sys; print(sys.executable)') || exit 1

# The real tools the stand-ins call, found before PATH changes.
REAL_GCC=$(command -v gcc)
REAL_CLANG=$(command -v clang)
REAL_LD=$(command -v ld)

# Commands no simulated machine gets from this one: compilers, the
# package tools, Python (each gets $PYTHON_BIN) and the variables below.
COMPILERS='gcc.*|cc|c89.*|c99.*|cpp.*|g\+\+.*|c\+\+.*|clang.*|tcc|.*-gcc.*|x86_64-linux-gnu-.*|i[36]86-.*'
ALWAYS_OUT="$COMPILERS|apt|apt-get|sudo|python.*|pip.*|pyenv.*|idle.*|pydoc.*"
GNU_BINUTILS='ld|ld\.bfd|ld\.gold|as|ar|nm|objcopy|objdump|ranlib|readelf|strip|size|strings|addr2line|gprof|elfedit|c\+\+filt'

failures=0
passes=0
problems=""

problem() {
	problems="$problems
    $*"
}

# make_bin DIR EXCLUDE: DIR holds a link to every command on PATH whose
# name does not match the regular expression EXCLUDE, plus python3 and
# the apt-get stand-in.
make_bin() {
	local dir=$1 exclude="^($2)\$" d f name
	local -a files=()
	local -A seen=()
	local IFS=:
	for d in $PATH; do
		[ -d "$d" ] || continue
		for f in "$d"/*; do
			name=${f##*/}
			[[ $name =~ $exclude || -n ${seen[$name]:-} ]] && continue
			[ -x "$f" ] && [ ! -d "$f" ] || continue
			seen[$name]=1
			files+=("$f")
		done
	done
	mkdir -p "$dir"
	ln -s "${files[@]}" "$dir"
	ln -s "$PYTHON_BIN" "$dir/python3"
	stand_in "$dir/apt-get" 'echo "apt-get $*" >> "$APT_LOG"
[ "$1" = update ] && exit 0
echo "apt-get (a stand-in): installing nothing" >&2
exit 1'
}

# stand_in FILE BODY: a shell script FILE running BODY, in place of any
# link there (never written through it).
stand_in() {
	rm -f "$1"
	printf '#!/bin/sh\n%s\n' "$2" > "$1"
	chmod +x "$1"
}

# A host compiler that makes 64-bit code only, as on an arm64 machine.
no_m32() {
	stand_in "$1" "for a; do
	case \$a in -m32 | --target=*)
		echo \"\$0: error: 32-bit x86 code is not supported here\" >&2
		exit 1 ;;
	esac
done
exec $REAL_GCC \"\$@\""
}

# fresh_clone NAME: a clone of HEAD in $TMP/NAME, with no obj/.
fresh_clone() {
	rm -rf "${TMP:?}/$1"
	git clone -q "$ROOT" "$TMP/$1"
}

# in_sim BIN DIR ARG...: run ARG... in DIR with PATH=BIN and none of the
# variables that choose tools.
in_sim() {
	local bin=$1 dir=$2
	shift 2
	(cd "$dir" && env -u CC -u GCCPREFIX -u QEMU -u GDB -u HOSTCC \
		-u PYTHON -u LD -u MAKEFLAGS -u MAKELEVEL -u MFLAGS \
		PATH="$bin" APT_LOG="$APT_LOG" "$@")
}

# expect_line LOG REGEX WHAT: LOG has a line matching REGEX.
expect_line() {
	grep -Eq -- "$2" "$1" || problem "$3 (no line matching /$2/ in $1)"
}

# expect_no_install WHAT: apt-get was not run (not even to update).
expect_no_install() {
	[ -s "$APT_LOG" ] && problem "$1 ran $(head -n 1 "$APT_LOG")"
	rm -f "$APT_LOG"
}

# expect_install GOAL PACKAGES LOG: make GOAL said it installs exactly
# PACKAGES, then asked apt-get for them.
expect_install() {
	expect_line "$3" "^install-deps.sh: installing with apt-get: $2$" \
		"make $1 did not say it installs $2"
	grep -q "install .* $2\$" "$APT_LOG" 2>/dev/null ||
		problem "make $1 asked apt-get for: $(grep install "$APT_LOG" 2>/dev/null)"
	rm -f "$APT_LOG"
}

# grade_passes LOG WHAT DIR: the log of a make grade in the clone DIR
# ends well.  When it does not, the problem names the tests that failed,
# with the first reason each gave and the end of its console output,
# since the logs themselves stay on the machine.
grade_passes() {
	local summary failures file
	summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' \
		"$1" | tail -n 1)
	failures=$(grep -A 1 -E '^[a-z0-9_]+: FAIL' "$1" | grep -v '^--$'
		grep -oE 'console output: obj/grade-logs/[^ ]+\.log$' "$1" |
			cut -d ' ' -f 3 | while read -r file; do
			echo "the last 15 lines of $file:"
			tail -n 15 "$3/$file" | sed 's/^/    | /'
		done)
	failures=$(echo "$failures" | sed 's/^/        /')
	case $summary in
	*" passed, 0 failed"*) grades="$grades ($summary)" ;;
	"") problem "$2: make grade printed no summary" ;;
	*) problem "$2: make grade: $summary
$failures" ;;
	esac
}

case_cross() {
	local bin=$TMP/cross-bin tool
	make_bin "$bin" "$ALWAYS_OUT"
	no_m32 "$bin/gcc"
	no_m32 "$bin/cc"
	stand_in "$bin/i386-jos-elf-gcc" "exec $REAL_GCC -m32 \"\$@\""
	for tool in ld ar nm objcopy objdump; do
		stand_in "$bin/i386-jos-elf-$tool" "exec $(command -v $tool) \"\$@\""
	done
	fresh_clone cross
	in_sim "$bin" "$TMP/cross" make grade > "$LOGS/cross.log" 2>&1
	expect_line "$LOGS/cross.log" '^\+ tools: compiler i386-jos-elf-gcc .* with i386-jos-elf-ld;' \
		"the cross toolchain was not chosen"
	grade_passes "$LOGS/cross.log" "cross" "$TMP/cross"
	expect_no_install "make grade"
	in_sim "$bin" "$TMP/cross" make deps > "$LOGS/cross-deps.log" 2>&1 ||
		problem "make deps failed"
	expect_line "$LOGS/cross-deps.log" '^install-deps.sh: nothing to install' \
		"make deps did not say that nothing is missing"
	expect_no_install "make deps"
}

case_llvm() {
	local bin=$TMP/llvm-bin
	make_bin "$bin" "$ALWAYS_OUT|$GNU_BINUTILS"
	ln -s "$REAL_CLANG" "$bin/clang"
	stand_in "$bin/gcc" "exec $REAL_CLANG \"\$@\""
	stand_in "$bin/cc" "exec $REAL_CLANG \"\$@\""
	stand_in "$bin/ld" "case \" \$* \" in *elf_i386*)
	echo \"ld: unknown option: -m elf_i386\" >&2
	exit 1 ;;
esac
exec $REAL_LD \"\$@\""
	fresh_clone llvm
	# Only the boot tests: others (monitor_si, the docs' transcripts)
	# expect addresses of GNU ld's layout.
	in_sim "$bin" "$TMP/llvm" make grade GRADEFLAGS="boot printf backtrace hello" \
		> "$LOGS/llvm.log" 2>&1
	expect_line "$LOGS/llvm.log" '^\+ tools: compiler clang --target=i386-elf .* with ld.lld;' \
		"clang with LLVM's tools was not chosen"
	grade_passes "$LOGS/llvm.log" "llvm" "$TMP/llvm"
	expect_no_install "make grade"
}

case_fresh() {
	local bin=$TMP/fresh-bin goal log
	make_bin "$bin" "$ALWAYS_OUT|qemu-.*|gdb.*"
	rm "$bin/python3"
	fresh_clone fresh
	for goal in all qemu-nox grade deps; do
		log=$LOGS/fresh-$goal.log
		in_sim "$bin" "$TMP/fresh" make $goal > "$log" 2>&1 &&
			problem "make $goal succeeded with no compiler"
		case $goal in
		all) expect_install $goal "gcc gcc-multilib libc6-dev python3" "$log" ;;
		qemu-nox) expect_install $goal "gcc gcc-multilib libc6-dev python3 qemu-system-x86" "$log" ;;
		*) expect_install $goal "gcc gcc-multilib gdb libc6-dev python3 qemu-system-x86" "$log" ;;
		esac
	done

	# The host's compilers and Python, still no QEMU or gdb.
	bin=$TMP/fresh-cc-bin
	make_bin "$bin" "apt|apt-get|sudo|python.*|pyenv.*|qemu-.*|gdb.*"
	log=$LOGS/fresh-cc.log
	in_sim "$bin" "$TMP/fresh" make obj/boot/boot > "$log" 2>&1 ||
		problem "make obj/boot/boot failed with no QEMU (see $log)"
	expect_line "$log" '^\+ tools: compiler gcc .*; QEMU none' \
		"no tools line naming gcc and no QEMU"
	expect_no_install "make obj/boot/boot"
}

# expect_one_error LOG REGEX WHAT: make failed, and its one complaint
# before make's own is the line REGEX.
expect_one_error() {
	local lines
	lines=$(grep -v '^make: \*\*\*' "$1")
	[ "$(printf '%s\n' "$lines" | wc -l)" -eq 1 ] ||
		problem "$3: not one line: $lines"
	printf '%s\n' "$lines" | grep -Eq -- "$2" ||
		problem "$3: $lines"
}

# refused BIN DIR NAME VAR=VALUE REGEX WHAT: make VAR=VALUE, run in the
# simulated machine, must fail with the one line REGEX (log messages-NAME).
refused() {
	local log=$LOGS/messages-$3.log
	in_sim "$1" "$2" make "$4" > "$log" 2>&1 &&
		problem "make $4 succeeded"
	expect_one_error "$log" "$5" "$6"
}

case_messages() {
	local bin=$TMP/messages-bin dir=$TMP/messages log
	make_bin "$bin" "apt|apt-get|sudo|python.*|pyenv.*|qemu-.*"
	no_m32 "$bin/gcc64"
	stand_in "$bin/oldpython" 'echo "Python 3.8.10"'
	stand_in "$bin/noheaders-cc" 'echo "host.c:1:10: fatal error: stdio.h: No such file or directory" >&2
exit 1'
	stand_in "$bin/qemu-system-i386" 'echo "QEMU emulator version 6.2.0 (Debian 1:6.2+dfsg-2ubuntu6)"'
	fresh_clone messages

	refused "$bin" "$dir" prefix GCCPREFIX=i386-nowhere- \
		'^check-tools.sh: no compiler i386-nowhere-gcc' \
		"GCCPREFIX naming no compiler"
	refused "$bin" "$dir" m32 CC=gcc64 \
		'^check-tools.sh: gcc64 cannot build 32-bit freestanding code' \
		"a compiler that cannot make 32-bit code"
	refused "$bin" "$dir" hostcc HOSTCC=noheaders-cc \
		'^check-tools.sh: noheaders-cc cannot build programs for this machine .*libc6-dev' \
		"a host compiler without C library headers"
	refused "$bin" "$dir" python PYTHON=oldpython \
		'^check-tools.sh: oldpython is Python 3.8.10; .* 3.9 or newer' \
		"Python 3.8"

	log=$LOGS/messages-qemu.log
	in_sim "$bin" "$dir" make obj/.tools-ok > "$log" 2>&1 ||
		problem "make with QEMU 6.2 failed (see $log)"
	expect_line "$log" '^check-tools.sh: warning: qemu-system-i386 is version 6.2.0, older than 7.2, the oldest tested' \
		"no warning about QEMU 6.2"
	expect_no_install "make with QEMU 6.2"
}

[ $# -gt 0 ] || set -- cross llvm fresh messages
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
APT_LOG=$TMP/apt-get.log
mkdir -p "$LOGS"
for name; do
	problems=""
	grades=""
	start=$SECONDS
	if [ "$(type -t "case_$name")" != function ]; then
		problem "no such case"
	else
		"case_$name"
	fi
	if [ -z "$problems" ]; then
		echo "$name: OK ($((SECONDS - start))s)$grades"
		passes=$((passes + 1))
	else
		echo "$name: FAIL ($((SECONDS - start))s)$problems"
		failures=$((failures + 1))
	fi
done
echo "$passes passed, $failures failed"
[ $failures -eq 0 ]
