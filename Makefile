# SPDX-License-Identifier: GPL-2.0
#
# roam: build the kernel modules and the programs, test them, demo them.
#
#   make            modules (for KVER) + roamd + roam
#   make check      static checks, unit tests, and the VM tests: all of them
#                   on KVER (6.1), the kernel-facing ones on KVER2 (6.12)
#   make demo       a VM: roamd, three L2TP/IPsec clients (two behind a NAT)
#   make bench      boot a VM, print setup time and TCP throughput of roam,
#                   the stock L2TP/IPsec stack and plain routing
#   make bench-scale  boot a VM, print kernel session scale figures (10k and
#                   100k sessions: create, delete, dump, CLI, memory, receive)
#                   and 1k full sessions through roamd (roam-loadgen)
#   make fuzz       run the libFuzzer targets for FUZZ_SECONDS each
#   make install    modules (depmod), programs, config, systemd unit,
#                   man pages, the example configurations
#   make uninstall  removes what install put down (the configuration only
#                   while it is unchanged)
#   make dkms-install / dkms-uninstall   the module sources with DKMS
#   make regen      regenerate the netlink code from the YNL spec
#
# KVER selects the kernel: by default the running kernel if its headers are
# installed, else the oldest kernel with headers here (Debian's 6.1).

SHELL := /bin/bash
TOP := $(CURDIR)
VERSION := 0.1

RUNNING := $(shell uname -r)
KVER_REQ := $(KVER)
# A partial version (KVER=6.12) names the newest installed kernel of it.
ifneq ($(KVER),)
  ifeq ($(wildcard /lib/modules/$(KVER)/build/Makefile),)
    override KVER := $(or $(shell ls -d /lib/modules/$(KVER)*/build 2>/dev/null | \
		sed 's|/lib/modules/||;s|/build||' | sort -V | tail -n 1),$(KVER))
  endif
endif
ifeq ($(KVER),)
  ifneq ($(wildcard /lib/modules/$(RUNNING)/build/Makefile),)
    override KVER := $(RUNNING)
  else
    override KVER := $(shell ls -d /lib/modules/*/build 2>/dev/null | \
		sed 's|/lib/modules/||;s|/build||' | sort -V | head -n 1)
  endif
endif
KDIR ?= /lib/modules/$(KVER)/build
export KVER

FUZZ_SECONDS ?= 20
# The VM tests give stand-ins for these (selftests/tools/depmod_index.sh,
# DKMS_FLAGS=--no-depmod): a depmod of the whole kernel there takes minutes.
DEPMOD ?= depmod
DKMS_FLAGS ?=
YNL_SRC ?= $(firstword $(wildcard /usr/src/linux-source-6.12*/tools/net/ynl))

.PHONY: all modules userspace check check-run check-debug unit-test vm-test demo demo-run fuzz bench bench-scale deps \
	install modules_install uninstall modules_uninstall \
	dkms-install dkms-uninstall regen regen-check clean

all: modules userspace

modules:
	@if [ ! -f "$(KDIR)/Makefile" ]; then \
		echo "roam: no kernel headers for '$(KVER)' (apt-get install linux-headers-amd64, or make deps)" >&2; \
		exit 1; \
	fi
	@if [ "$(KVER)" != "$(RUNNING)" ]; then \
		echo "roam: building modules for $(KVER) (headers in $(KDIR); running kernel $(RUNNING) has none)"; \
	fi
	@if [ -f kmod/.kver ] && [ "$$(cat kmod/.kver)" != "$(KVER)" ]; then \
		$(MAKE) -C $(KDIR) M=$(TOP) clean >/dev/null; \
	fi
	$(MAKE) -C $(KDIR) M=$(TOP) modules
	@echo "$(KVER)" > kmod/.kver

userspace:
	$(MAKE) -C userspace

deps:
	KVER=$(KVER_REQ) sh selftests/deps.sh

unit-test:
	$(MAKE) -C userspace test

vm-test:
	sh selftests/check.sh

# One combined summary line over the unit tests and the VM tests: the
# whole VM suite on KVER (Debian's 6.1 by default), the kernel-facing tests
# on KVER2 (6.12; KVER2= for one kernel only), both VMs at once. The
# kernels named may only be installed by deps, so the rest runs in a new
# make that resolves them again.
KVER2 ?= 6.12
check:
	KVER=$(KVER_REQ) sh selftests/deps.sh
	$(if $(KVER2),KVER=$(KVER2) sh selftests/deps.sh)
	@$(MAKE) --no-print-directory check-run KVER=$(KVER_REQ) KVER2=$(KVER2)

check-run: all
	@mkdir -p .check; rc=0; \
	sh selftests/static.sh 2>&1 | tee .check/static.log; \
	[ $${PIPESTATUS[0]} -eq 0 ] || rc=1; \
	$(MAKE) --no-print-directory -C userspace test 2>&1 | tee .check/unit.log; \
	[ $${PIPESTATUS[0]} -eq 0 ] || rc=1; \
	rm -f .check/vm-logs.txt; \
	KVER2=$(KVER2) OUT=.check bash selftests/check_kernels.sh 2>&1 | tee .check/vms.log; \
	[ $${PIPESTATUS[0]} -eq 0 ] || rc=1; \
	sh selftests/summary.sh .check/static.log .check/unit.log \
		$$(cat .check/vm-logs.txt 2>/dev/null || echo .check/vm.log) || rc=1; \
	exit $$rc

# The kernel-facing VM tests on a debug kernel (KASAN, lockdep, kmemleak,
# DEBUG_OBJECTS) built from Debian's 6.1 source, once, then cached: see
# selftests/check_debug.sh. Not part of check (it does not fit CI's time).
check-debug: all
	bash selftests/check_debug.sh

demo: deps
	@$(MAKE) --no-print-directory demo-run KVER=$(KVER_REQ)

demo-run: all
	bash selftests/demo.sh

fuzz:
	$(MAKE) -C userspace fuzz FUZZ_SECONDS=$(FUZZ_SECONDS) \
		$(if $(FUZZ_RUNS),FUZZ_RUNS=$(FUZZ_RUNS))

bench: deps
	@$(MAKE) --no-print-directory all
	bash selftests/bench/bench.sh

bench-scale: deps
	@$(MAKE) --no-print-directory all
	bash selftests/bench/scale.sh

install: modules_install
	$(MAKE) -C userspace install

# make install after make (the usual: build as a user, install as root)
# does not walk kbuild again: it builds only when the modules for KVER are
# missing or older than a source file (kmod/.kver is the stamp make modules
# writes last). A kbuild pass with nothing to do still reads every kernel
# header the modules include, which is slow where the headers are on a
# network file system (or an emulated machine's 9p share), and as root it
# would write root-owned files into the build tree.
MODULES := $(addprefix kmod/,roam.ko roam_l2tp.ko roam_pptp.ko)
MODULE_SRCS = Kbuild kmod/Kbuild uapi/linux/roam.h \
	$(filter-out %.mod.c,$(wildcard kmod/*.c)) $(wildcard kmod/*.h)
# Debian's kernels ask modules_install to sign every module
# (CONFIG_MODULE_SIG_ALL) with a key their headers do not ship: sign-file
# then fails with alarming but harmless errors. Sign only when the key is
# there (a kernel built here with its own key).
SIG_KEY := $(shell sed -n 's/^CONFIG_MODULE_SIG_KEY="\(.*\)"/\1/p' $(KDIR)/.config 2>/dev/null)
NO_SIGN := $(if $(wildcard $(if $(filter /%,$(SIG_KEY)),,$(KDIR)/)$(SIG_KEY)),,CONFIG_MODULE_SIG_ALL=)
modules_install:
	@if [ "$$(cat kmod/.kver 2>/dev/null)" = "$(KVER)" ] && \
	    [ -f modules.order ] && ls $(MODULES) >/dev/null 2>&1 && \
	    [ -z "$$(find $(MODULE_SRCS) -newer kmod/.kver)" ]; then \
		echo "roam: modules for $(KVER) are up to date"; \
	else \
		$(MAKE) --no-print-directory modules; \
	fi
	$(MAKE) -C $(KDIR) M=$(TOP) INSTALL_MOD_DIR=updates/roam $(NO_SIGN) modules_install
	$(DEPMOD) -a $(KVER)

uninstall: modules_uninstall
	$(MAKE) -C userspace uninstall

# Only the modules' own folder: $(DESTDIR) is not used by kbuild either.
modules_uninstall:
	rm -rf /lib/modules/$(KVER)/updates/roam
	-rmdir /lib/modules/$(KVER)/updates 2>/dev/null
	$(DEPMOD) -a $(KVER)

# DKMS rebuilds the modules for each new kernel from /usr/src/roam-VERSION:
# the sources only (not what kbuild made here).
DKMS_SRCS = $(filter-out %.mod.c,$(wildcard kmod/*.c)) $(wildcard kmod/*.h)
dkms-install:
	-dkms remove roam/$(VERSION) --all $(DKMS_FLAGS) 2>/dev/null
	rm -rf /usr/src/roam-$(VERSION)
	mkdir -p /usr/src/roam-$(VERSION)/kmod /usr/src/roam-$(VERSION)/uapi/linux
	cp Kbuild /usr/src/roam-$(VERSION)/
	cp kmod/Kbuild $(DKMS_SRCS) /usr/src/roam-$(VERSION)/kmod/
	cp uapi/linux/roam.h /usr/src/roam-$(VERSION)/uapi/linux/
	sed 's/@VERSION@/$(VERSION)/' kmod/dkms.conf.in > /usr/src/roam-$(VERSION)/dkms.conf
	dkms add roam/$(VERSION) && dkms build roam/$(VERSION) -k $(KVER) && \
		dkms install roam/$(VERSION) -k $(KVER) $(DKMS_FLAGS)

# Every kernel's build and the sources go.
dkms-uninstall:
	-dkms remove roam/$(VERSION) --all $(DKMS_FLAGS)
	rm -rf /usr/src/roam-$(VERSION)

# A file whose text is unchanged is left alone (its time too): make check
# runs regen-check before the VM tests, and a newer source would make
# make install rebuild the modules there.
# The YNL generator (Linux 6.12, tools/net/ynl) validates the spec against
# the kernel's genetlink-legacy schema, which it expects beside the spec's
# folder; it is run in a scratch tree laid out that way. The generator keeps
# the multicast group table static for genetlink-legacy families, whose
# family struct it does not write; netlink.c defines the family, so the
# table is exported.
GEN_FILES := uapi/linux/roam.h kmod/netlink-gen.h kmod/netlink-gen.c
regen:
	@test -n "$(YNL_SRC)" || { echo "roam: need linux-source-6.12 (make deps)" >&2; exit 1; }
	@set -e; t=$$(mktemp -d); trap 'rm -rf $$t' EXIT; \
	mkdir -p $$t/Documentation/netlink/specs; \
	cp Documentation/netlink/specs/roam.yaml $$t/Documentation/netlink/specs/; \
	cp $(YNL_SRC)/../../../Documentation/netlink/genetlink-legacy.yaml $$t/Documentation/netlink/; \
	touch $$t/MAINTAINERS; \
	g="/usr/bin/python3 $(YNL_SRC)/ynl-gen-c.py --spec Documentation/netlink/specs/roam.yaml"; \
	(cd $$t && $$g --mode uapi --header -o roam.h && \
	 $$g --mode kernel --header -o netlink-gen.h && \
	 $$g --mode kernel --source -o netlink-gen.c); \
	sed -i 's/^static const struct genl_multicast_group roam_nl_mcgrps\[\] = {/const struct genl_multicast_group roam_nl_mcgrps[1] = {/' $$t/netlink-gen.c; \
	awk '{print} /^\tROAM_NLGRP_EVENTS,$$/ {e=1} e && /^};$$/ {print "\nextern const struct genl_multicast_group roam_nl_mcgrps[1];"; e=0}' $$t/netlink-gen.h > $$t/netlink-gen2.h; \
	for f in roam.h:uapi/linux/roam.h netlink-gen2.h:kmod/netlink-gen.h netlink-gen.c:kmod/netlink-gen.c; do \
		cmp -s $$t/$${f%%:*} $${f#*:} || cp $$t/$${f%%:*} $${f#*:}; \
	done; \
	echo "regenerated: $(GEN_FILES)"

# Fails when the committed generated files differ from the spec's output.
regen-check:
	@$(MAKE) --no-print-directory regen >/dev/null
	@git diff --exit-code -- $(GEN_FILES) && echo "generated netlink code is current"

clean:
	-[ -f "$(KDIR)/Makefile" ] && $(MAKE) -C $(KDIR) M=$(TOP) clean
	rm -f kmod/.kver
	$(MAKE) -C userspace clean
	rm -rf .check
