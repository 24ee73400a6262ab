# The tools this tree needs, on Debian: gcc (whose -m32 builds the kernel),
# QEMU, gdb, Python 3 and make.  The tree itself is not copied in: mount
# it, as README shows:
#
#   docker build -t jos .
#   docker run --rm -it -v "$PWD:/jos" -w /jos --user "$(id -u):$(id -g)" jos make grade
#
# Debian 12 (bookworm) is the release CI tests with; DEBIAN=trixie
# (--build-arg) tries the next one.
ARG DEBIAN=bookworm
FROM debian:${DEBIAN}-slim

# libc6-dev: headers for the programs built to run on the host; git: to
# work on the tree from inside (the dev container).
RUN apt-get update \
	&& DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		make gcc libc6-dev qemu-system-x86 gdb python3 git \
	&& rm -rf /var/lib/apt/lists/*

WORKDIR /jos
CMD ["bash"]
