# The path a newcomer takes, followed literally: from a fresh copy of the
# sources (no build/), the README's build, install and first program, then
# docs/getting-started.md step by step. The install goes to a temporary
# prefix instead of /usr/local (`ldconfig` becomes `ldconfig -n PREFIX/lib`),
# nothing needs sudo, and the first program's output must equal the one the
# README shows. See scripts/doctest.py (--fresh). About 2 minutes on 2 cores.
set -eu
export CMAKE_BUILD_PARALLEL_LEVEL="${NPS_JOBS:-2}"
python3 scripts/doctest.py --fresh -v README.md docs/getting-started.md
