#!/usr/bin/env python3
"""Every public C function reaches every surface, or says why not.

Usage: check_bindings.py ROOT

Reads the NPS_API functions of include/nps.h and checks, for each surface
(Python binding, Go binding, PostgreSQL extension, SQLite extension), that
the surface's own sources name the function, or that
tests/bindings_exclusions.txt lists it for that surface with a reason.
A new C function that is neither bound nor excluded fails the check, and
so does an exclusion that is no longer needed (the function is bound, or
no longer exists), so the file stays true.

Exclusion lines: SURFACES FUNCTION REASON..., where SURFACES is a
comma-separated subset of python, go, postgres, sqlite; '#' starts a
comment.
"""
import os
import re
import sys

SURFACES = {
    # surface: (folder, file suffixes); tests are not bindings
    "python": ("bindings/python/libnps", (".py",)),
    "go": ("bindings/go", (".go",)),
    "postgres": ("extensions/postgres", (".c",)),
    "sqlite": ("extensions/sqlite", (".c",)),
}


def declared(header):
    text = open(header, encoding="utf-8").read()
    # Drop comments, then take the name before the '(' of each NPS_API
    # declaration (declarations may span lines).
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    names = set()
    for decl in text.split("NPS_API")[1:]:
        head = decl.split("(", 1)[0]
        m = re.search(r"(nps_[a-z0-9_]+)\s*$", head)
        if m:
            names.add(m.group(1))
    return names


def surface_words(root, folder, suffixes):
    words = set()
    base = os.path.join(root, folder)
    for dirpath, dirnames, files in os.walk(base):
        dirnames[:] = [d for d in dirnames if d not in ("tests", "__pycache__")]
        for f in files:
            if not f.endswith(suffixes) or f.endswith("_test.go"):
                continue
            text = open(os.path.join(dirpath, f), encoding="utf-8").read()
            words.update(re.findall(r"\bnps_[a-z0-9_]+\b", text))
    return words


def exclusions(path):
    out = {}
    for lineno, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split(None, 2)
        if len(parts) < 3:
            sys.exit(f"{path}:{lineno}: want SURFACES FUNCTION REASON")
        for s in parts[0].split(","):
            if s not in SURFACES:
                sys.exit(f"{path}:{lineno}: unknown surface {s!r}")
            key = (s, parts[1])
            if key in out:
                sys.exit(f"{path}:{lineno}: {s} {parts[1]} excluded twice")
            out[key] = parts[2]
    return out


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    funcs = declared(os.path.join(root, "include/nps.h"))
    if len(funcs) < 10:
        sys.exit(f"FAIL: only {len(funcs)} NPS_API functions found in the header")
    excl = exclusions(os.path.join(root, "tests/bindings_exclusions.txt"))
    problems = []
    for s, (folder, suffixes) in SURFACES.items():
        words = surface_words(root, folder, suffixes)
        if not words:
            problems.append(f"{s}: no sources found under {folder}")
        for f in sorted(funcs):
            bound = f in words
            excluded = (s, f) in excl
            if not bound and not excluded:
                problems.append(f"{s}: {f} is neither bound nor in the exclusions file")
            elif bound and excluded:
                problems.append(f"{s}: {f} is bound, so its exclusion is stale")
    for (s, f) in sorted(excl):
        if f not in funcs:
            problems.append(f"{s}: excluded {f} is not a public function")
    if problems:
        print("FAIL: bindings completeness")
        print("\n".join(problems))
        return 1
    n = len(funcs)
    print(f"ok: {n} public functions; python, go, postgres, sqlite each bind "
          f"or exclude every one ({len(excl)} exclusions with reasons)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
