# lwIP 2.1.3 and the network server obj/net/ns (lab 6).
#
# lwIP is not in this tree: tools/install-deps.sh fetches it (item lwip)
# as Debian's source package and unpacks it under LWIP_CACHE, outside
# obj/, so that make clean keeps it.  LWIP_DIR=/path/to/lwip-2.1.3 uses
# any unpacked 2.1.3 tree instead, LWIP_TARBALL=/path/to/orig.tar.xz any
# copy of the tarball.  It is fetched (one line says so) only by a make
# whose goals build kernels (lab 6's among them), or by make deps.  When it
# cannot be had, everything else still builds: obj/net/ns is left out,
# with one warning, and the kernels start no network server.
#
# lwIP is compiled with its own headers, our port directory net/port
# (lwipopts.h, arch/cc.h, and libc-named headers that map to inc/) and
# without -Werror, being third-party code.  User programs never see
# lwIP's headers (inc/socket.h is theirs).

LWIP_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/jos
LWIP_DIR ?= $(LWIP_CACHE)/lwip-2.1.3
LWIP_INIT_H = $(LWIP_DIR)/src/include/lwip/init.h
LWIP_MISSING := $(OBJDIR)/.lwip-missing

# Every make that builds kernels builds lab 6's too (kern/Makefrag), so
# only the goals that build no kernel never fetch lwIP.
LWIP_QUIET_GOALS := clean realclean distclean tarball print-% which-ports \
	nc-% telnet-% gdb docs handout handout-check kit-check
lwip-wanted := $(if $(MAKECMDGOALS),$(filter-out $(LWIP_QUIET_GOALS),$(MAKECMDGOALS)),yes)

# $(call lwip-version,INIT_H): the version the tree says, as "2 1 3".
lwip-version = $(shell sed -n 's/^\#define LWIP_VERSION_\(MAJOR\|MINOR\|REVISION\) *\([0-9]*\).*/\2/p' $(1) 2>/dev/null)

# Fetch once per tree: a failed fetch is not tried again by every make
# (make deps and make clean try again).
ifneq ($(filter deps,$(MAKECMDGOALS)),)
$(shell rm -f $(LWIP_MISSING))
endif
ifeq ($(wildcard $(LWIP_INIT_H)),)
ifneq ($(lwip-wanted)$(filter deps,$(MAKECMDGOALS)),)
ifeq ($(origin LWIP_DIR)$(wildcard $(LWIP_MISSING)),file)
$(shell mkdir -p $(OBJDIR); LWIP_CACHE='$(LWIP_CACHE)' \
	LWIP_TARBALL='$(LWIP_TARBALL)' sh tools/install-deps.sh lwip >&2 || \
	touch $(LWIP_MISSING))
endif
endif
endif

LWIP_OK := $(if $(wildcard $(LWIP_INIT_H)),$(if $(filter 2 1 3,$(call lwip-version,$(LWIP_INIT_H))),yes))
ifeq ($(LWIP_OK)$(call lwip-version,$(LWIP_INIT_H)),)
ifneq ($(lwip-wanted),)
$(warning *** no lwIP 2.1.3 source (LWIP_DIR=$(LWIP_DIR)): building without the network server)
endif
else ifeq ($(LWIP_OK),)
$(warning *** $(LWIP_DIR) is lwIP $(call lwip-version,$(LWIP_INIT_H)), not 2.1.3: building without the network server)
endif

# The kernels embed obj/net/ns and start it only with lwIP.
NS_BINS := $(if $(and $(LWIP_OK),$(lwip-wanted)),$(OBJDIR)/net/ns)

LWIP_SRCS := core/init.c core/def.c core/inet_chksum.c core/ip.c core/mem.c \
	core/memp.c core/netif.c core/pbuf.c core/raw.c core/stats.c \
	core/sys.c core/tcp.c core/tcp_in.c core/tcp_out.c core/timeouts.c \
	core/udp.c core/ipv4/etharp.c core/ipv4/icmp.c core/ipv4/ip4.c \
	core/ipv4/ip4_addr.c core/ipv4/ip4_frag.c netif/ethernet.c
LWIP_OBJS := $(LWIP_SRCS:%.c=$(OBJDIR)/net/lwip/%.o)
LWIP_PORT_H := net/port/lwipopts.h net/port/arch/cc.h

# lwIP's own code, and ours that calls it.  Neither sees inc/compat.
LWIP_INCLUDES := -Inet/port -Inet/port/libc -I$(LWIP_DIR)/src/include
LWIP_CFLAGS := $(CFLAGS) -DJOS_USER $(LWIP_INCLUDES)
NS_CFLAGS := $(filter-out -Iinc/compat,$(LIB_CFLAGS)) $(LWIP_INCLUDES)

$(OBJDIR)/net/lwip/%.o: $(LWIP_DIR)/src/%.c $(LWIP_PORT_H) | $(TOOLS_OK)
	@echo + cc[LWIP] $<
	@mkdir -p $(@D)
	$(Q)$(CC) $(LWIP_CFLAGS) -c -o $@ $<

$(OBJDIR)/net/liblwip.a: $(LWIP_OBJS)
	@echo + ar $@
	$(Q)rm -f $@ && $(AR) rcs $@ $^

# The server's own objects: the loop, the sockets, the interface, the ABI
# check and the port, with the helper envs' code.
NS_SRCS := net/serv.c net/tcpsock.c net/jif.c net/abi.c net/port/sys_arch.c
NS_OBJS := $(NS_SRCS:net/%.c=$(OBJDIR)/net/%.o)
NS_HELPER_OBJS := $(patsubst net/%.c,$(OBJDIR)/net/%.o,\
	$(wildcard net/timer.c net/input.c net/output.c))

$(NS_OBJS): $(OBJDIR)/net/%.o: net/%.c $(LWIP_PORT_H) | $(TOOLS_OK)
	@echo + cc[NS] $<
	@mkdir -p $(@D)
	$(Q)$(CC) $(NS_CFLAGS) -c -o $@ $<

$(OBJDIR)/net/ns.debug: $(NS_OBJS) $(NS_HELPER_OBJS) $(OBJDIR)/net/liblwip.a \
		$(USER_ENTRY) $(OBJDIR)/lib/libjos.a user/user.ld
	@echo + ld $@
	$(Q)$(LD) $(LDFLAGS) -T user/user.ld -o $@ $(USER_ENTRY) $(NS_OBJS) \
		$(NS_HELPER_OBJS) $(OBJDIR)/net/liblwip.a $(OBJDIR)/lib/libjos.a \
		$(LIBGCC)

$(OBJDIR)/net/ns: $(OBJDIR)/net/ns.debug
	$(Q)$(call strip-debug,$@,$<)

$(OBJDIR)/net/ns.asm: $(OBJDIR)/net/ns.debug
	$(Q)$(OBJDUMP) -S $< > $@

$(OBJDIR)/net/ns.sym: $(OBJDIR)/net/ns.debug
	$(Q)$(NM) -n $< > $@

ifneq ($(NS_BINS),)
all: $(OBJDIR)/net/ns.asm $(OBJDIR)/net/ns.sym
endif

# net/Makefrag embeds it in the kernels, which then start it.
NET_NS := $(NS_BINS)

# For the grader: whether this tree builds the network server.
print-lwip:
	@echo $(if $(LWIP_OK),yes,no)
.PHONY: print-lwip
