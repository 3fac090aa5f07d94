# The Doxygen manual (header + guides) builds with zero warnings.
set -eu
cmake --preset dev >/dev/null
cmake --build --preset dev --target docs
