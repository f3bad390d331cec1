#!/usr/bin/env bash
# npm run test:chaos: the fuzz, property and fault suites (CHAOS_RUNS hostile bodies per route, a flood of
# CHAOS_FLOOD unauthenticated requests), then the summary line of their figures (scripts/chaos-summary.js).
set -euo pipefail
node scripts/chaos-summary.js --reset
CHAOS_RUNS="${CHAOS_RUNS:-3000}" CHAOS_FLOOD="${CHAOS_FLOOD:-2000}" jest --selectProjects unit e2e chaos \
  --testPathPatterns "chaos|faults|database-outage|crash-recovery|position-sizing.property|target-position.property"
node scripts/chaos-summary.js
