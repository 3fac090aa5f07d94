#!/bin/sh
# Write nps--1.1.sql: the 1.0 script followed by the 1.0 -> 1.1 upgrade,
# so a fresh 1.1 install and an upgraded 1.0 one run the same statements.
# Edit nps--1.0--1.1.sql (never nps--1.0.sql, which is released), then run
# this; run_tests.sh fails when nps--1.1.sql is out of date.
#   make_full_script.sh [OUTPUT (default: nps--1.1.sql next to this script)]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/nps--1.1.sql}
{
  echo '-- nps 1.1: Net Promoter Score aggregates and functions on libnps.'
  echo '-- The 1.0 objects followed by the 1.0 -> 1.1 changes (nps--1.0--1.1.sql),'
  echo '-- so a fresh install and an upgraded one have the same objects.'
  printf '%s\n' '\echo Use "CREATE EXTENSION nps" to load this file. \quit'
  sed '1,2d' "$here/nps--1.0.sql"
  sed '1,4d' "$here/nps--1.0--1.1.sql"
} >"$out"
