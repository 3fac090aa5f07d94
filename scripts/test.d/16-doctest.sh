# Executable documentation: every fenced sh, c, python, go and sql block of
# README.md and docs/*.md runs as written, after the documented build, in a
# scratch copy of the repository (scripts/doctest.py; markers are explained
# in the README's Contributing section). A failing block is reported as
# FILE:LINE. The PostgreSQL guide installs the extension into the system
# PostgreSQL directories as the ctest postgres_extension does (as root; its
# SQL runs on a throwaway server, never the system cluster). Both the
# default python3 and /usr/bin/python3 must be able to run the runner.
set -eu
for py in python3 /usr/bin/python3; do
  command -v "$py" >/dev/null 2>&1 && "$py" scripts/doctest.py --list README.md docs/*.md >/dev/null
done
python3 scripts/doctest.py -j "${NPS_JOBS:-2}" README.md docs/*.md
