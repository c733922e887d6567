#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# One row of the table in fuzz/README.md from the logs `make fuzz` leaves
# (build/fuzz/TARGET.log, run with -print_final_stats=1):
#
#   fuzz/stats.sh build/fuzz/ike_msg.log [codec|engine]
#
# executions and exec/s are libFuzzer's final statistics; cov, ft
# (features) and the corpus size are those of its last status line.
log=$1
kind=${2:-?}
t=$(basename "$log" .log)
awk -v t="$t" -v kind="$kind" '
/^#[0-9]+/ {
	for (i = 1; i <= NF; i++) {
		if ($i == "cov:") cov = $(i + 1)
		if ($i == "ft:") ft = $(i + 1)
		if ($i == "corp:") { corp = $(i + 1); sub(/\/.*/, "", corp) }
	}
}
/^stat::number_of_executed_units:/ { runs = $2 }
/^stat::average_exec_per_sec:/ { rate = $2 }
/^==[0-9]+==ERROR|^SUMMARY: |deadly signal|Timeout after/ { crash++ }
END {
	printf "| %-10s | %-6s | %12d | %7d | %5s | %6s | %6s | %s |\n",
	       t, kind, runs, rate, cov, ft, corp, crash ? crash : 0
}' "$log"
