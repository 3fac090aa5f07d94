#!/bin/sh
# Runs the R cross-check of the weighted accumulator; skips (exit 77) with a
# message when Rscript or the survey package is missing.
# Usage: wacc_check.sh DRIVER
set -eu
if ! command -v Rscript >/dev/null 2>&1; then
  echo "SKIP: Rscript not found (Debian: r-base-core, r-cran-survey)"
  exit 77
fi
exec Rscript "$(dirname "$0")/wacc_check.R" "$1"
