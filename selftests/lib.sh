# SPDX-License-Identifier: GPL-2.0
#
# Shared helpers for the roam selftests. Source it, then:
#
#   test_init NAME          trap, kernel log marker, counters
#   need_root / need_cmd / need_modules / need_roam_cli     (skip with a reason)
#   ns_create VAR [NAME]    a fresh network namespace, deleted on exit
#   check "what" CMD...     CMD must succeed
#   check_fail "what" CMD...   CMD must fail (its stderr is kept in $LAST_ERR)
#   check_eq "what" EXPECTED SEEN, check_ne, check_ge, check_match, check_true
#   json EXPR               evaluate a Python expression on JSON from stdin
#   at_exit "CMD"           register cleanup (run in reverse order on exit)
#   run_cleanups            run the registered cleanups now (newest first)
#   ns_del_created          delete the namespaces ns_create made
#   test_done               exit with the verdict
#
# Every check prints "ok N - what" or "not ok N - what" with what was
# expected and what was seen. A test that made no check fails. On exit,
# cleanup runs, then the test verifies that the namespaces it created are
# gone and that the kernel log gained no warning/bug/oops/KASAN/lockdep/leak
# report while it ran.

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

SELFTEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TREE_DIR=$(cd "$SELFTEST_DIR/.." && pwd)
PY=${PY:-/usr/bin/python3}
ROAM=${ROAM:-roam}

# What makes a kernel log line a failure. The VM runner scans the whole log
# with the same list; here we also catch the leaked-reference symptom of a
# device that cannot be unregistered, and roam.ko's own leak reports
# ("N sessions leaked" at unload, "roamX freed with N sessions").
KERNEL_LOG_BAD='WARNING:|BUG:|ODEBUG|Oops|general protection|KASAN|UBSAN|INFO: lockdep is turned off|turning off the locking correctness validator|possible recursive locking|circular locking|unreferenced object|Kernel memory leak detector disabled|kernel BUG|Call Trace|unregister_netdevice: waiting|sessions leaked|freed with [0-9]+ sessions'

TEST_NAME=
N_CHECKS=0
N_FAILED=0
SKIP_REASON=
CLEANUPS=()
TEST_TMP=
CREATED_NS=()
DMESG_MARK=
LAST_OUT=
LAST_ERR=
LAST_RC=0

log() { echo "# $*"; }
info() { echo "# $*"; }

_ok() {
	N_CHECKS=$((N_CHECKS + 1))
	echo "ok $N_CHECKS - $1"
}

_not_ok() {
	N_CHECKS=$((N_CHECKS + 1))
	N_FAILED=$((N_FAILED + 1))
	echo "not ok $N_CHECKS - $1"
	shift
	local l
	for l in "$@"; do
		printf '%s\n' "$l" | sed 's/^/#     /'
	done
}

# fail "what" "detail"...: an explicit failure
fail() { _not_ok "$@"; }

skip() {
	SKIP_REASON="$*"
	echo "# SKIP: $*"
	exit $KSFT_SKIP
}

# run CMD...: run, keeping stdout/stderr/status in LAST_OUT/LAST_ERR/LAST_RC
run() {
	local ef
	ef=$(mktemp "${TMPDIR:-/tmp}/roam-st-err.XXXXXX")
	LAST_OUT=$("$@" 2>"$ef")
	LAST_RC=$?
	LAST_ERR=$(cat "$ef")
	rm -f "$ef"
	return $LAST_RC
}

# check "what" CMD...: CMD must exit 0
check() {
	local what=$1
	shift
	if run "$@"; then
		_ok "$what"
		return 0
	fi
	_not_ok "$what" "command: $*" "expected: exit status 0" \
		"seen:     exit status $LAST_RC" \
		${LAST_ERR:+"stderr:   $LAST_ERR"} ${LAST_OUT:+"stdout:   $LAST_OUT"}
	return 1
}

# check_fail "what" CMD...: CMD must exit non-zero. With CHECK_ERR_RE set,
# its stderr must also match that extended regular expression.
check_fail() {
	local what=$1
	shift
	if run "$@"; then
		_not_ok "$what" "command: $*" "expected: a non-zero exit status (refusal)" \
			"seen:     exit status 0" ${LAST_OUT:+"stdout:   $LAST_OUT"}
		return 1
	fi
	if [ -n "${CHECK_ERR_RE:-}" ] && ! printf '%s\n' "$LAST_ERR" | grep -Eq -- "$CHECK_ERR_RE"; then
		_not_ok "$what" "command: $*" \
			"expected: refusal with stderr matching /$CHECK_ERR_RE/" \
			"seen:     exit status $LAST_RC, stderr: ${LAST_ERR:-<empty>}"
		return 1
	fi
	_ok "$what (refused, exit $LAST_RC${LAST_ERR:+: $(printf '%s' "$LAST_ERR" | head -n1)})"
	return 0
}

check_eq() {
	if [ "$2" = "$3" ]; then
		_ok "$1 (= $3)"
		return 0
	fi
	_not_ok "$1" "expected: $2" "seen:     $3"
	return 1
}

# check_eq_settles WHAT SECONDS CMD_A CMD_B: two counters of the same
# packets, read on either side of a path, agree once what is in flight has
# landed (a reply the sender already gave up on may still arrive). Both are
# read again until they agree or SECONDS pass; the last reading is checked.
check_eq_settles() {
	local what=$1 t=$2 a b i=0
	while :; do
		a=$("$3") b=$("$4")
		[ "$a" = "$b" ] && break
		i=$((i + 1))
		[ $i -ge $((t * 5)) ] && break
		sleep 0.2
	done
	check_eq "$what" "$a" "$b"
}

check_ne() {
	if [ "$2" != "$3" ]; then
		_ok "$1 ($3)"
		return 0
	fi
	_not_ok "$1" "expected: anything but $2" "seen:     $3"
	return 1
}

# check_ge "what" MIN SEEN (integers)
check_ge() {
	if [ -n "$3" ] && [ "$3" -ge "$2" ] 2>/dev/null; then
		_ok "$1 ($3 >= $2)"
		return 0
	fi
	_not_ok "$1" "expected: >= $2" "seen:     ${3:-<nothing>}"
	return 1
}

# check_match "what" REGEX TEXT
check_match() {
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then
		_ok "$1"
		return 0
	fi
	_not_ok "$1" "expected: text matching /$2/" "seen:     ${3:-<empty>}"
	return 1
}

# re_quote TEXT: TEXT as an extended regular expression that matches it
# literally (a kernel release such as 6.12.118+deb12-amd64 holds a "+").
re_quote() { printf '%s' "$1" | sed 's/[][\\.^$*+?(){}|]/\\&/g'; }

check_nomatch() {
	if ! printf '%s\n' "$3" | grep -Eq -- "$2"; then
		_ok "$1"
		return 0
	fi
	_not_ok "$1" "expected: no text matching /$2/" "seen:     $3"
	return 1
}

# check_true "what" "detail on failure" CMD...: a predicate
check_true() {
	local what=$1 detail=$2
	shift 2
	if "$@"; then
		_ok "$what"
		return 0
	fi
	_not_ok "$what" "$detail"
	return 1
}

# json EXPR: EXPR is a Python expression over `d`, the JSON document read
# from stdin. Lists print as space-separated words, None as "null",
# booleans as true/false. Helpers available to EXPR:
#   find(obj, key)     first value of KEY anywhere inside obj (or None)
#   by(list, key, v)   the element of list whose KEY equals v (or None)
json() {
	"$PY" -S -E -c '
import json, sys
def find(o, k):
    if isinstance(o, dict):
        if k in o:
            return o[k]
        vals = o.values()
    elif isinstance(o, list):
        vals = o
    else:
        return None
    for v in vals:
        r = find(v, k)
        if r is not None:
            return r
    return None
def by(lst, k, v):
    for e in lst or []:
        if isinstance(e, dict) and str(e.get(k)) == str(v):
            return e
    return None
def fmt(v):
    if v is None: return "null"
    if v is True: return "true"
    if v is False: return "false"
    if isinstance(v, (list, tuple)): return " ".join(fmt(x) for x in v)
    if isinstance(v, dict): return json.dumps(v, sort_keys=True)
    return str(v)
raw = sys.stdin.read()
try:
    d = json.loads(raw) if raw.strip() else None
except ValueError as e:
    print("invalid JSON (%s): %r" % (e, raw[:200]), file=sys.stderr)
    sys.exit(3)
print(fmt(eval(sys.argv[1])))
' "$1"
}

# is_json: stdin parses as JSON
is_json() { "$PY" -S -E -c 'import json,sys; json.load(sys.stdin)' 2>/dev/null; }

at_exit() { CLEANUPS+=("$1"); }

# Each cleanup runs once, silently: a failing one must not stop the others.
run_cleanups() {
	local i
	for ((i = ${#CLEANUPS[@]} - 1; i >= 0; i--)); do
		eval "${CLEANUPS[i]}" >/dev/null 2>&1
	done
	CLEANUPS=()
}

# ns_create VAR [NAME]: create a namespace, store its name in VAR. The
# name is unique to this run unless NAME is given (for output that people
# read). Loopback is brought up; IPv6 is disabled so that no address
# autoconfiguration traffic disturbs packet counters.
ns_create() {
	local var=$1 name=${2:-}
	if [ -z "$name" ]; then
		name="rst-${TEST_NAME}-${var}-$$"
		name=${name//_/-}
	fi
	ip netns add "$name" || { fail "create netns $name"; return 1; }
	CREATED_NS+=("$name")
	ip -n "$name" link set lo up
	ip netns exec "$name" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 >/dev/null 2>&1
	printf -v "$var" '%s' "$name"
	# the gateway of every test is G
	[ -n "${ROAM_CAPTURE:-}" ] && [ "$var" = G ] && capture_start "$name"
	return 0
}

# What the clients and the gateway say to each other: IKE, NAT-T, L2TP,
# PPTP control, GRE, RADIUS (authentication, accounting, dynamic
# authorization).
CAPTURE_FILTER='udp port 500 or udp port 4500 or udp port 1701 or tcp port 1723 or ip proto 47 or udp port 1812 or udp port 1813 or udp port 3799'

_capture_started() { [ -s "$1" ]; }

# capture_start NS: opt-in (ROAM_CAPTURE=DIR) record of the gateway's
# protocol traffic into DIR/TEST.pcap, the source of the fuzzers' seeds
# (selftests/tools/pcap_to_corpus.py). The packet socket of the "any"
# device sees interfaces created after it too. Stopped at exit with the
# other cleanups, before the namespaces go.
capture_start() {
	local ns=$1 f pid
	mkdir -p "$ROAM_CAPTURE" || return 1
	f=$ROAM_CAPTURE/$TEST_NAME.pcap
	ip netns exec "$ns" dumpcap -q -i any -P -s 0 \
		-f "$CAPTURE_FILTER" -w "$f" > /dev/null 2>&1 &
	pid=$!
	at_exit "capture_stop $pid"
	# dumpcap writes the file header once the capture runs
	wait_until 10 _capture_started "$f" || info "capture into $f did not start"
}

# (an exited child stays a zombie until waited for: that counts as gone)
_pid_gone() {
	! kill -0 "$1" 2>/dev/null ||
		grep -q '^[0-9]* (.*) Z' "/proc/$1/stat" 2>/dev/null
}

# capture_stop PID: dumpcap flushes on SIGINT; killed after 5 s regardless
capture_stop() {
	kill -INT "$1" 2>/dev/null
	wait_until 5 _pid_gone "$1" || kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

# tcp_transfer FROM_NS TO_NS TO_ADDR BYTES: one TCP connection FROM ->
# TO carrying BYTES of a fixed stream (tools/tcp_xfer.py); succeeds when
# the receiver read exactly what was sent (same length and SHA-256).
# Prints "sent: BYTES SHA256; received: BYTES SHA256" (under check, in
# LAST_OUT).
tcp_transfer() {
	local out="$TEST_TMP/tcp_xfer.out" pid rc=0 TCP_SENT TCP_GOT
	rm -f "$out"
	ip netns exec "$2" "$PY" "$SELFTEST_DIR/tools/tcp_xfer.py" recv 5201 "$out" &
	pid=$!
	TCP_SENT=$(ip netns exec "$1" timeout 90 "$PY" \
		"$SELFTEST_DIR/tools/tcp_xfer.py" send "$3" 5201 "$4") || rc=1
	# the receiver ends when the sender closes; bounded all the same
	wait_until 30 _pid_gone "$pid" || { kill -9 "$pid" 2>/dev/null; rc=1; }
	wait "$pid" 2>/dev/null
	TCP_GOT=$(cat "$out" 2>/dev/null)
	echo "sent: $TCP_SENT; received: $TCP_GOT"
	[ "$rc" = 0 ] && [ -n "$TCP_GOT" ] && [ "$TCP_SENT" = "$TCP_GOT" ]
}

# tcp_csum_errors NS: TCP segments NS received with a bad checksum, so far
tcp_csum_errors() {
	ip netns exec "$1" nstat -asz TcpInCsumErrors 2>/dev/null |
		awk '$1 == "TcpInCsumErrors" { n = $2 } END { print n + 0 }'
}

# netdev_features NS DEV: "name on|off ..." of DEV's offloads, one line
netdev_features() {
	ip netns exec "$1" "$PY" "$SELFTEST_DIR/tools/netdev_features.py" "$2" |
		tr '\n' ' '
}

ns_exists() { ip netns list | awk '{print $1}' | grep -qx -- "$1"; }

# ns_del NAME: delete now (also forgotten by the exit check)
ns_del() {
	ip netns del "$1"
}

# in_ns NS CMD...: run CMD in namespace NS
in_ns() {
	local ns=$1
	shift
	ip netns exec "$ns" "$@"
}

# roam_ns NS ARGS...: the roam CLI inside namespace NS (its -n option,
# cheaper than ip netns exec; roam_link.sh checks that both agree)
roam_ns() {
	local ns=$1
	shift
	"$ROAM" -n "$ns" "$@"
}

mod_loaded() { [ -d "/sys/module/$1" ]; }

# mod_unload_all: remove roam modules (encapsulations first); 0 if none left
mod_unload_all() {
	local m
	for m in roam_l2tp roam_pptp roam; do
		if mod_loaded "$m"; then
			rmmod "$m" 2>/dev/null || modprobe -r "$m" 2>/dev/null
		fi
	done
	! mod_loaded roam && ! mod_loaded roam_l2tp && ! mod_loaded roam_pptp
}

# scaled SECONDS: a bound of a test or of a client program's timeout
# (swanctl's, charon's retransmits), multiplied by ROAM_WAIT_SCALE (a
# whole number, default 1) for a kernel whose work is many times slower
# (make check-debug sets it).
scaled() {
	echo $(($1 * ${ROAM_WAIT_SCALE:-1}))
}

# wait_until SECONDS CMD...: poll CMD (every 0.1 s) until it succeeds.
# It gives up after SECONDS * 10 polls (what a loaded machine's slow
# polls stretch, as the tests were tuned for) or, whichever comes first,
# 6 * SECONDS of wall-clock time: a CMD that itself takes seconds to fail
# (a ping with -W 2, a request to a roamd that does not answer) cannot
# make a wait of 30 s last ten minutes.
# The bound is scaled (see scaled()): a wait still ends as soon as its
# condition holds.
wait_until() {
	local t i=0 end
	t=$(scaled "$1")
	end=$((SECONDS + 6 * t))
	shift
	while ! "$@"; do
		i=$((i + 1))
		if [ $i -ge $((t * 10)) ] || [ $SECONDS -ge $end ]; then
			return 1
		fi
		sleep 0.1
	done
	return 0
}

need_root() {
	[ "$(id -u)" = 0 ] || skip "must run as root"
}

need_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip "command $c not found"
	done
}

# need_modules M...: the modules can be found by modprobe
need_modules() {
	local m
	for m in "$@"; do
		if ! mod_loaded "$m" && ! modinfo "$m" >/dev/null 2>&1; then
			skip "kernel module $m is not installed for $(uname -r) (build kmod/ and run through run_in_vm.sh)"
		fi
	done
}

# helper NAME: path of a selftest C helper, built if needed; empty if none
helper() {
	local h=$1
	if [ -n "${ROAM_HELPER_DIR:-}" ] && [ -x "$ROAM_HELPER_DIR/$h" ]; then
		echo "$ROAM_HELPER_DIR/$h"
	elif [ -x "$SELFTEST_DIR/$h" ] && [ ! "$SELFTEST_DIR/$h.c" -nt "$SELFTEST_DIR/$h" ] &&
	     [ ! "$SELFTEST_DIR/roam_nl.h" -nt "$SELFTEST_DIR/$h" ]; then
		echo "$SELFTEST_DIR/$h"
	elif command -v cc >/dev/null 2>&1 &&
	     cc -O2 -Wall -I"$TREE_DIR/uapi" -o "$TEST_TMP/$h" "$SELFTEST_DIR/$h.c" >&2; then
		echo "$TEST_TMP/$h"
	fi
}

need_roam_cli() {
	command -v "$ROAM" >/dev/null 2>&1 ||
		skip "the roam CLI ($ROAM) is not on PATH (build userspace/roam)"
}

# kernel log: a marker line at the start, the new lines read at the end
dmesg_mark() {
	DMESG_MARK="roam-selftest: begin $TEST_NAME $$ $(date +%s%N)"
	echo "$DMESG_MARK" > /dev/kmsg 2>/dev/null || DMESG_MARK=
}

# log_since MARK: kernel log lines after the line holding MARK (the whole
# log when MARK is empty or has been overwritten in the ring buffer)
log_since() {
	if [ -n "$1" ] && dmesg | grep -qF -- "$1"; then
		dmesg | awk -v m="$1" 'f; index($0, m) { f = 1 }'
	else
		dmesg
	fi
}

dmesg_since_mark() { log_since "$DMESG_MARK"; }

# kmsg_mark VAR WHAT: write a marker line to the kernel log, keep it in VAR
kmsg_mark() {
	local m="roam-selftest: $TEST_NAME $2 $$ $(date +%s%N)"
	echo "$m" > /dev/kmsg 2>/dev/null
	printf -v "$1" '%s' "$m"
}

# wait_log MARK REGEX COUNT SECONDS: COUNT lines matching REGEX appear
# after MARK within SECONDS
_log_count_ge() { [ "$(log_since "$1" | grep -cE -- "$2")" -ge "$3" ]; }
wait_log() { wait_until "$4" _log_count_ge "$1" "$2" "$3"; }

# dyndbg_on MODULE: turn on its pr_debug lines until the test ends
dyndbg_on() {
	local c=/sys/kernel/debug/dynamic_debug/control
	[ -w "$c" ] || mount -t debugfs none /sys/kernel/debug 2>/dev/null
	[ -w "$c" ] || return 1
	echo "module $1 +p" > "$c" || return 1
	at_exit "echo 'module $1 -p' > $c"
}

# dmesg_check: the kernel log since the marker holds no bad line
dmesg_check() {
	local bad
	bad=$(dmesg_since_mark | grep -E "$KERNEL_LOG_BAD")
	if [ -n "$bad" ]; then
		_not_ok "kernel log clean during $TEST_NAME" \
			"expected: no line matching /$KERNEL_LOG_BAD/" \
			"seen:" "$(printf '%s\n' "$bad" | head -n 40)"
		info "kernel log since the start of the test:"
		dmesg_since_mark | tail -n 80 | sed 's/^/#   /'
		return 1
	fi
	_ok "kernel log clean during $TEST_NAME"
}

_ns_no_pids() { [ -z "$(ip netns pids "$1" 2>/dev/null)" ]; }

# ns_del_created: delete every namespace ns_create made. Processes the
# test started must be gone first (one left behind keeps its namespace
# alive after ip netns del): each one still there is reported, then killed.
ns_del_created() {
	local ns pids
	for ns in "${CREATED_NS[@]}"; do
		ns_exists "$ns" || continue
		# (cleanup may just have signalled them: give them time to exit)
		wait_until 5 _ns_no_pids "$ns"
		pids=$(ip netns pids "$ns" 2>/dev/null | xargs)
		if [ -n "$pids" ]; then
			_not_ok "no process left in namespace $ns" \
				"left: $(ps -o pid=,args= -p "${pids// /,}" 2>/dev/null | tr '\n' ';')"
			# shellcheck disable=SC2086 # one word per pid
			kill $pids 2>/dev/null
		fi
		ip netns del "$ns" 2>/dev/null
	done
}

_on_exit() {
	local rc=$? ns left
	# A skip exits 4 on purpose; a plain exit code otherwise is a crash
	# of the script itself.
	trap - EXIT
	run_cleanups
	ns_del_created
	if [ -n "$SKIP_REASON" ]; then
		exit $KSFT_SKIP
	fi
	# What this test created must be gone.
	left=""
	for ns in "${CREATED_NS[@]}"; do
		ns_exists "$ns" && left="$left $ns"
	done
	if [ -n "$left" ]; then
		_not_ok "namespaces created by the test are gone" "left:$left"
	fi
	if mod_loaded roam; then
		local devs
		devs=$(ip -o link show type roam 2>/dev/null | awk -F': ' '{print $2}')
		if [ -n "$devs" ]; then
			_not_ok "no roam device left in the initial namespace" "left: $devs"
		fi
	fi
	dmesg_check
	if [ $rc -ne 0 ] && [ $rc -ne $KSFT_PASS ] && [ "${_TEST_DONE:-0}" != 1 ]; then
		_not_ok "$TEST_NAME ran to its end" "the script stopped early with status $rc"
	fi
	if [ $N_CHECKS -eq 0 ]; then
		echo "# FAIL: $TEST_NAME made no check"
		exit $KSFT_FAIL
	fi
	if [ $N_FAILED -gt 0 ]; then
		echo "# FAIL: $TEST_NAME: $N_FAILED of $N_CHECKS checks failed"
		exit $KSFT_FAIL
	fi
	echo "# PASS: $TEST_NAME: $N_CHECKS checks"
	exit $KSFT_PASS
}

test_init() {
	TEST_NAME=$1
	trap _on_exit EXIT
	trap 'exit 130' INT TERM
	need_root
	[ -d "${TMPDIR:-}" ] || export TMPDIR=/tmp
	TEST_TMP=$(mktemp -d "$TMPDIR/$TEST_NAME.XXXXXX")
	at_exit 'rm -rf "$TEST_TMP"'
	dmesg_mark
	info "$TEST_NAME on $(uname -r)"
}

test_done() {
	_TEST_DONE=1
	exit 0
}
