#!/usr/bin/env bash
# Run the whole suite. pytest's exit code 5 (no tests collected) is a failure:
# a suite that ran nothing proves nothing.
set -uo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m pytest "$@"
code=$?
if [ "$code" -eq 5 ]; then
  echo "pytest collected no tests: failing." >&2
  exit 1
fi
exit "$code"
