# This tree is built with GNU make, whose rules are in GNUmakefile.  GNU
# make reads GNUmakefile and never this file; any other make lands here and
# hands each target over to GNU make, installed as gmake on the BSDs.
# Variables such as CPUS=4 do not carry over: give them to gmake directly.
#
# Usage: $(GMAKE) TARGET DIR.  DIR is ${.CURDIR}, the tree, because BSD
# make may have moved into obj/ (its object directory); other makes leave
# it empty, meaning here.

GMAKE = sh -c 'cd "$${1:-.}" || exit 1; \
	if command -v gmake >/dev/null 2>&1; then exec gmake "$$0"; fi; \
	echo "This tree needs GNU make: install it and run gmake $$0." >&2; \
	exit 1'

all:
	@$(GMAKE) all '${.CURDIR}'

.DEFAULT:
	@$(GMAKE) $@ '${.CURDIR}'
