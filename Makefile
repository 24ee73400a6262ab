# This tree is built with GNU make, whose rules are in GNUmakefile.  GNU
# make reads GNUmakefile and never this file; any other make lands here and
# hands each target over to GNU make, installed as gmake on the BSDs.
# Variables such as CPUS=4 do not carry over: give them to gmake directly.

GMAKE = sh -c 'if command -v gmake >/dev/null 2>&1; then exec gmake "$$@"; fi; \
	echo "This tree needs GNU make: install it and run gmake $$*" >&2; \
	exit 1' gmake

all:
	@$(GMAKE) all

.DEFAULT:
	@$(GMAKE) $@
