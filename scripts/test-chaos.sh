#!/usr/bin/env bash
# The suites of npm run test:chaos (which then prints their figures with scripts/chaos-summary.js): the fuzz,
# property and fault suites, with CHAOS_RUNS hostile bodies per route and a flood of CHAOS_FLOOD requests.
set -euo pipefail
usage='usage: bash scripts/test-chaos.sh   (CHAOS_RUNS, default 3000; CHAOS_FLOOD, default 2000)
Runs the fuzz, property and fault suites; npm run test:chaos then prints the summary line of their figures.'
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then echo "$usage"; exit 0; fi
node scripts/chaos-summary.js --reset
CHAOS_RUNS="${CHAOS_RUNS:-3000}" CHAOS_FLOOD="${CHAOS_FLOOD:-2000}" jest --selectProjects unit e2e chaos \
  --testPathPatterns "chaos|faults|database-outage|crash-recovery|position-sizing.property|target-position.property"
