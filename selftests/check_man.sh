#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The man pages cannot drift from the CLI: every object of "roam help",
# every command line of each "roam OBJECT help" (its "roam OBJECT VERB"
# words) and every placeholder its "Where:" block defines must appear in
# the object's section of roam(8); and the three pages must render without
# a groff warning.
#
#   check_man.sh [ROAM]     ROAM: the CLI to ask (default: the tree's)
#
# Prints one "ok"/"not ok" line per page or object, "# missing: ..." for
# what is absent; exit 0 when all is there.

set -u
top=$(cd "$(dirname "$0")/.." && pwd)
roam=${1:-$top/userspace/roam/roam}
man8=$top/Documentation/man/roam.8
rc=0

[ -x "$roam" ] || { echo "not ok roam(8) check: $roam is not built"; exit 1; }

for page in roam.8 roamd.8 roamd.conf.5; do
	w=$(LC_ALL=C.UTF-8 groff -ww -z -man -Tutf8 "$top/Documentation/man/$page" 2>&1)
	if [ -z "$w" ]; then
		echo "ok $page renders without groff warnings"
	else
		echo "not ok $page renders without groff warnings"
		echo "$w" | sed 's/^/# /'
		rc=1
	fi
done

# The page's text as man shows it, blanks squeezed; one section per
# object (from its ".SS OBJECT" heading to the next heading).
text=$(MANWIDTH=200 LC_ALL=C.UTF-8 man -l "$man8" 2>/dev/null | col -b | tr -s ' ')
section() {
	printf '%s\n' "$text" | awk -v o="$1" '
		$1 == o && $2 == "-" { f = 1; print; next }
		f && /^ ?[a-z0-9]+ - / { exit }
		f && /^[A-Z][A-Z ]+$/ { exit }
		f'
}

objs=$("$roam" help | sed -n '/OBJECT *:= {/,/}/p' | tr -d '{}|' |
	sed 's/.*:=//' | tr -s ' \n' '\n\n' | grep -v '^$')
[ -n "$objs" ] || { echo "not ok roam help lists objects"; exit 1; }
for o in $objs; do
	sec=$(section "$o")
	help=$("$roam" "$o" help 2>&1)
	missing=""
	[ -n "$sec" ] || missing=" (no section '$o - ...' under OBJECTS)"
	# "Usage: roam OBJ VERB ..." and the "       roam OBJ VERB" lines
	for verb in $(printf '%s\n' "$help" | sed -n 's/^\(Usage:\)\{0,1\} *roam '"$o"' \([a-z-]*\).*/\2/p'); do
		printf '%s\n' "$sec" | grep -q "roam $o $verb\b" || missing="$missing 'roam $o $verb'"
	done
	[ -n "$(printf '%s\n' "$help" | grep -c "^.*roam $o ")" ] || missing="$missing (no usage)"
	# placeholders: "NAME :=" or "dpd-interval:" at the head of a Where line
	for ph in $(printf '%s\n' "$help" | sed -n '/^Where:/,$p' | sed 's/^Where://' |
		awk '$2 == ":=" { print $1 } $1 ~ /^[A-Za-z0-9-]+:$/ { print $1 }'); do
		ph=${ph%:}
		printf '%s\n' "$sec" | grep -Eq -- "(^| )$ph( :=|:)" || missing="$missing '$ph :='"
	done
	if [ -z "$missing" ]; then
		echo "ok roam(8) documents '$o': its commands and placeholders"
	else
		echo "not ok roam(8) documents '$o': its commands and placeholders"
		echo "# missing:$missing"
		rc=1
	fi
done
exit $rc
