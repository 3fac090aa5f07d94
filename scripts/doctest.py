#!/usr/bin/env python3
"""Run the fenced code blocks of Markdown documents as written.

Usage: scripts/doctest.py [options] FILE.md...

Every FILE is a Markdown page of this repository (README.md, docs/*.md).
The runner copies the repository (without build/ and .git) to a scratch
directory, performs the documented build there (cmake --preset release,
cmake --build --preset release, cmake --install build/release --prefix P
into a temporary prefix P), then runs each page's blocks in order, in a
fresh copy of that scratch tree shared by the blocks of the page:

  ```sh / ```bash    bash -e -o pipefail, from the repository root
  ```c               compiled with cc -std=c99 -Wall -Wextra -Werror and
                     $(pkg-config --cflags --libs libnps) of P, then run
  ```python          the binding on PYTHONPATH, /usr/bin/python3 when present
  ```go              a module that requires libnps.dev/go/nps (replaced by
                     bindings/go), go vet, then go run; offline
  ```sql             docs/postgres.md: psql on a throwaway PostgreSQL server
                     (unix socket, run as the postgres user; as root only,
                     the page is skipped otherwise); elsewhere: the
                     sqlite3 shell on a per-page database file, with the
                     installed extension loaded

Blocks with any other info string (text, cmake, json, none...) are not run.
The environment of every block is that of a system-wide install of libnps
into P: P/bin on PATH, PKG_CONFIG_PATH=P/lib/pkgconfig,
LD_LIBRARY_PATH=P/lib (standing in for ldconfig), NPS_DOCTEST_PREFIX=P, and
HOME is a directory inside the scratch tree. Variables a shell block
exports are seen by the page's later shell blocks (the working directory
is the repository root again for each block).

With --fresh (the install stage), there is no documented build: each page
starts from a fresh copy of the sources (as a fresh clone would) and must
build what it uses; P is empty until a `system` block installs into it.

Markers are HTML comments (invisible when the page is rendered). A marker
applies to the block whose opening fence is on the line right after it:

  <!-- doctest: fragment -->   the block is an excerpt: not run
  <!-- doctest: output -->     the block (usually ```text) is the expected
                               stdout of the previous block that ran;
                               compared line by line, trailing blanks ignored
  <!-- doctest: slow -->       run only with --slow (long benchmarks)
  <!-- doctest: file NAME -->  the block is written to NAME (relative to the
                               repository root) instead of being run; a later
                               block compiles or reads it
  <!-- doctest: system -->     a shell block that installs into system
                               directories: it runs with /usr/local replaced
                               by the prefix P and `ldconfig` by
                               `ldconfig -n P/lib` (nothing outside the
                               scratch directory changes)
  <!-- doctest: wrap [ARGS]    the lines up to --> are a template for the
  ...@BLOCK@...                next block: @BLOCK@ is replaced by the block
  -->                          (without @BLOCK@ the template is prepended);
                               ARGS: extra compiler/linker arguments for C

and one marker applies to the rest of the page:

  <!-- doctest: setup LANG     the same kind of template for every later
  ...                          LANG block of the page that has no wrap
  -->

Exit status: 0 when every block that ran passed, 1 otherwise; each failure
is reported as FILE:LINE (the line of the opening fence).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LANGS = {"sh": "sh", "bash": "sh", "shell": "sh", "c": "c", "python": "python",
         "py": "python", "go": "go", "sql": "sql"}
FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})\s*([^`\s]*)[^`]*$")
MARKER = re.compile(r"^\s*<!--\s*doctest:\s*(\w[\w-]*)\s*(.*?)\s*(-->)?\s*$")
TIMEOUT = 600


class Block:
    def __init__(self, path, line, info, text):
        self.path, self.line, self.info, self.text = path, line, info, text
        self.lang = LANGS.get(info.lower())
        self.marker = None       # fragment / output / slow / wrap
        self.template = None     # text with @BLOCK@, or None
        self.args = ""

    def where(self):
        return "%s:%d" % (os.path.relpath(self.path, ROOT), self.line)


def parse(path):
    """Blocks of a Markdown file, with their markers and templates applied."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    blocks, setups = [], {}
    pending = None            # (kind, args, body, end line index)
    i = 0
    while i < len(lines):
        m = MARKER.match(lines[i])
        if m:
            kind, args, closed = m.group(1), m.group(2), m.group(3)
            body = []
            if not closed:
                i += 1
                while i < len(lines) and lines[i].strip() != "-->":
                    body.append(lines[i])
                    i += 1
            if kind == "setup":
                lang = LANGS.get(args.split()[0].lower()) if args else None
                if not lang:
                    raise SystemExit("%s:%d: 'setup' needs a language" % (path, i + 1))
                setups[lang] = ("\n".join(body), " ".join(args.split()[1:]))
            elif kind in ("fragment", "output", "slow", "wrap", "file", "system"):
                pending = (kind, args, "\n".join(body), i)
            else:
                raise SystemExit("%s:%d: unknown doctest marker '%s'" % (path, i + 1, kind))
            i += 1
            continue
        f = FENCE.match(lines[i])
        if f:
            indent, fence, info = len(f.group(1)), f.group(2), f.group(3)
            start = i
            body = []
            i += 1
            while i < len(lines):
                s = lines[i]
                if s.strip().startswith(fence[0] * len(fence)) and \
                        s.strip().strip(fence[0]) == "":
                    break
                body.append(s[indent:] if s[:indent].strip() == "" else s.lstrip())
                i += 1
            b = Block(path, start + 1, info, "\n".join(body) + "\n")
            if pending and pending[3] == start - 1:
                b.marker = pending[0]
                if pending[0] == "wrap":
                    b.template, b.args = pending[2], pending[1]
                elif pending[0] == "file":
                    b.args = pending[1]
                    if not b.args:
                        raise SystemExit("%s:%d: 'file' needs a file name" % (path, start))
            elif b.lang in setups:
                b.template, b.args = setups[b.lang]
            pending = None
            blocks.append(b)
        i += 1
    return blocks


def fill(template, text):
    if template is None:
        return text
    if "@BLOCK@" in template:
        return template.replace("@BLOCK@", text.rstrip("\n")) + "\n"
    return template + "\n" + text


def normalize(text):
    lines = [s.rstrip() for s in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return lines


def run(cmd, cwd, env, stdin=None, timeout=TIMEOUT):
    try:
        p = subprocess.run(cmd, cwd=cwd, env=env, input=stdin, timeout=timeout,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        return 124, e.stdout or "", "timed out after %d s" % timeout


class Postgres:
    """A throwaway server on a unix socket, run as the postgres user."""

    def __init__(self, work):
        self.dir = os.path.join(work, "pg")
        self.port = str(54000 + os.getpid() % 1000)
        self.started = False
        self.error = None
        pgc = shutil.which("pg_config") or "/usr/lib/postgresql/15/bin/pg_config"
        self.bindir = subprocess.run([pgc, "--bindir"], stdout=subprocess.PIPE,
                                     universal_newlines=True).stdout.strip() \
            if os.path.exists(pgc) or shutil.which("pg_config") else ""

    def _as_pg(self, args):
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--"] + args
        return args

    def start(self, env):
        if self.started or self.error:
            return self.error
        if not self.bindir:
            self.error = "no PostgreSQL (pg_config) found"
            return self.error
        if os.path.exists(self.dir):          # left by an earlier run (--workdir)
            run(self._as_pg([os.path.join(self.bindir, "pg_ctl"), "-D",
                             os.path.join(self.dir, "data"), "stop", "-m", "immediate"]),
                None, env)
            shutil.rmtree(self.dir)
        os.makedirs(self.dir)
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        data = os.path.join(self.dir, "data")
        rc, out, err = run(self._as_pg([os.path.join(self.bindir, "initdb"), "-A", "trust",
                                        "--no-sync", "-U", "postgres", "-D", data]),
                           self.dir, env)
        if rc != 0:
            self.error = "initdb failed: " + err
            return self.error
        opts = "-k %s -c listen_addresses='' -p %s -c fsync=off" % (self.dir, self.port)
        rc, out, err = run(self._as_pg([os.path.join(self.bindir, "pg_ctl"), "-w", "-D", data,
                                        "-l", os.path.join(self.dir, "log"), "-o", opts,
                                        "start"]), self.dir, env)
        if rc != 0:
            self.error = "pg_ctl start failed: " + err + out
            return self.error
        self.started = True
        return None

    def env(self, env):
        e = dict(env)
        e.update(PGHOST=self.dir, PGPORT=self.port, PGUSER="postgres", PGDATABASE="postgres")
        return e

    def new_database(self, name, env):
        return run([os.path.join(self.bindir, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1",
                    "-c", "DROP DATABASE IF EXISTS %s" % name,
                    "-c", "CREATE DATABASE %s" % name], None, self.env(env))

    def stop(self, env):
        if self.started:
            run(self._as_pg([os.path.join(self.bindir, "pg_ctl"), "-D",
                             os.path.join(self.dir, "data"), "stop", "-m", "fast"]),
                self.dir, env)
            self.started = False


class Runner:
    def __init__(self, args):
        self.args = args
        self.work = os.path.abspath(args.workdir) if args.workdir else \
            tempfile.mkdtemp(prefix="nps-doctest.")
        os.makedirs(self.work, exist_ok=True)
        os.chmod(self.work, 0o755)   # the postgres user reads files under it
        self.base = os.path.join(self.work, "base")
        self.repo = os.path.join(self.work, "repo")
        self.prefix = os.path.join(self.work, "prefix")
        self.tmp = os.path.join(self.work, "tmp")
        self.pg = Postgres(self.work)
        self.failures = []
        self.counts = {"passed": 0, "failed": 0, "fragment": 0, "slow": 0,
                       "not run": 0, "skipped": 0}
        env = dict(os.environ)
        env["PATH"] = os.path.join(self.prefix, "bin") + os.pathsep + env.get("PATH", "")
        env["PKG_CONFIG_PATH"] = os.path.join(self.prefix, "lib", "pkgconfig")
        env["LD_LIBRARY_PATH"] = os.path.join(self.prefix, "lib")
        env["NPS_DOCTEST_PREFIX"] = self.prefix
        env["GOFLAGS"] = "-mod=mod"
        env["GOPROXY"] = "off"
        # The default Go build cache is kept: the binding is compiled from a
        # new directory on every run, so it cannot come stale from the cache,
        # and the standard library's cgo packages are not rebuilt each time.
        env["GOPATH"] = os.path.join(self.work, "gopath")
        env["CMAKE_BUILD_PARALLEL_LEVEL"] = str(args.jobs)
        for k in ("LIBNPS_LIBRARY", "PGHOST", "PGPORT", "PGUSER", "PGDATABASE"):
            env.pop(k, None)
        self.env = env
        self.python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") \
            else sys.executable

    # -- the documented build, once -------------------------------------
    def prepare(self):
        stamp = os.path.join(self.base, ".doctest-built")
        if os.path.exists(stamp) and not self.args.fresh:
            return True
        for d in (self.base, self.repo, self.prefix):
            if os.path.exists(d):
                shutil.rmtree(d)
        ignore_top = {"build", ".git"}
        shutil.copytree(ROOT, self.repo, symlinks=True,
                        ignore=lambda d, names: [n for n in names if
                                                 (d == ROOT and n in ignore_top) or
                                                 n == "__pycache__"])
        if self.args.fresh:
            os.rename(self.repo, self.base)
            return True
        log = os.path.join(self.work, "build.log")
        steps = [["cmake", "--preset", "release"],
                 ["cmake", "--build", "--preset", "release"],
                 ["cmake", "--install", "build/release", "--prefix", self.prefix]]
        with open(log, "w") as out:
            for cmd in steps:
                out.write("$ %s\n" % " ".join(cmd))
                out.flush()
                if subprocess.run(cmd, cwd=self.repo, env=self.env, stdout=out,
                                  stderr=subprocess.STDOUT).returncode != 0:
                    sys.stdout.write(open(log).read()[-6000:])
                    print("doctest: the documented build failed: %s" % " ".join(cmd))
                    return False
        os.rename(self.repo, self.base)
        open(stamp, "w").close()
        return True

    # -- one page ---------------------------------------------------------
    def page(self, path):
        blocks = parse(path)
        if not any(b.lang or b.marker in ("file", "output") for b in blocks):
            self.counts["not run"] += len(blocks)
            return
        if "postgres" in os.path.basename(path) and os.geteuid() != 0:
            # As the ctest postgres_extension: installing the extension into
            # the PostgreSQL directories and running the server as the
            # postgres user need root.
            print("skip   %s: the PostgreSQL guide installs the extension; run as root"
                  % os.path.relpath(path, ROOT))
            self.counts["skipped"] += len(blocks)
            return
        if os.path.exists(self.repo):
            shutil.rmtree(self.repo)
        # Same absolute path for every page: CMake caches and rpaths of the
        # documented build stay valid in the copy.
        shutil.copytree(self.base, self.repo, symlinks=True)
        if os.path.exists(self.tmp):
            shutil.rmtree(self.tmp)
        os.makedirs(os.path.join(self.tmp, "home"))
        os.chmod(self.tmp, 0o755)
        self.env["HOME"] = os.path.join(self.tmp, "home")
        if self.args.fresh and os.path.exists(self.prefix):
            shutil.rmtree(self.prefix)
        self.db = "doctest_%d" % (abs(hash(path)) % 100000)
        self.pgdb_ready = False
        last = None       # stdout of the last block that ran
        rel = os.path.relpath(path, ROOT)
        for b in blocks:
            if b.marker == "output":
                if last is None:
                    self.fail(b, "an output block with no block run before it", "", "")
                    continue
                want, got = normalize(b.text), normalize(last[1])
                if want == got:
                    self.counts["passed"] += 1
                    self.verbose("ok     %s output of %s" % (b.where(), last[0].where()))
                else:
                    self.fail(b, "output of %s differs" % last[0].where(), "", "",
                              diff(want, got))
                continue
            if b.lang is None:
                self.counts["not run"] += 1
                continue
            if b.marker == "fragment":
                self.counts["fragment"] += 1
                continue
            if b.marker == "file":
                with open(os.path.join(self.repo, b.args), "w", encoding="utf-8") as f:
                    f.write(b.text)
                self.verbose("file   %s -> %s" % (b.where(), b.args))
                continue
            if b.marker == "slow" and not self.args.slow:
                self.counts["slow"] += 1
                print("slow   %s (%s) not run; --slow runs it" % (b.where(), b.info))
                continue
            t0 = time.time()
            res = getattr(self, "run_" + b.lang)(b, rel)
            if res is None:
                self.counts["skipped"] += 1
                continue
            rc, out, err = res
            if rc == 0:
                self.counts["passed"] += 1
                self.verbose("ok     %s (%s, %.1f s)" % (b.where(), b.info, time.time() - t0))
                last = (b, out)
            else:
                self.fail(b, "exit status %d" % rc, out, err)
                last = (b, out)

    def verbose(self, msg):
        if self.args.verbose:
            print(msg)
            sys.stdout.flush()

    def fail(self, b, why, out, err, difference=""):
        self.counts["failed"] += 1
        self.failures.append(b.where())
        print("FAIL   %s (%s): %s" % (b.where(), b.info or "output", why))
        for name, text in (("stdout", out), ("stderr", err), ("diff", difference)):
            text = text.rstrip()
            if text:
                lines = text.split("\n")
                if len(lines) > 40:
                    lines = ["[... %d lines ...]" % (len(lines) - 40)] + lines[-40:]
                print("  --- %s\n  %s" % (name, "\n  ".join(lines)))
        sys.stdout.flush()

    # -- languages ----------------------------------------------------------
    def write(self, name, text):
        p = os.path.join(self.tmp, name)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
        return p

    def run_sh(self, b, rel):
        text = fill(b.template, b.text)
        if b.marker == "system":
            text = text.replace("/usr/local", self.prefix)
            text = re.sub(r"\bldconfig\b", "ldconfig -n %s/lib" % self.prefix, text)
        # Exported variables carry over to the page's next shell blocks.
        state = os.path.join(self.tmp, "exports.sh")
        save = ("trap 'rc=$?; [ $rc -ne 0 ] || export -p | grep -Ev "
                "\"^declare -x (PWD|OLDPWD|SHLVL|_)=\" > %s' EXIT\n" % state)
        load = "[ ! -f %s ] || . %s\n" % (state, state)
        p = self.write("block.sh", load + save + text)
        return run(["bash", "-e", "-o", "pipefail", p], self.repo, self.env)

    def run_c(self, b, rel):
        src = self.write("block.c", fill(b.template, b.text))
        exe = os.path.join(self.tmp, "block")
        cmd = "cc -std=c99 -Wall -Wextra -Werror -o %s %s $(pkg-config --cflags --libs libnps) %s -lm" \
            % (exe, src, b.args)
        rc, out, err = run(["sh", "-c", cmd], self.repo, self.env)
        if rc != 0:
            return rc, out, "compilation failed:\n" + err
        return run([exe], self.repo, self.env)

    def run_python(self, b, rel):
        p = self.write("block.py", fill(b.template, b.text))
        env = dict(self.env)
        env["PYTHONPATH"] = os.path.join(self.repo, "bindings", "python")
        return run([self.python, p], self.repo, env)

    def run_go(self, b, rel):
        d = os.path.join(self.tmp, "gomod")
        if os.path.exists(d):
            shutil.rmtree(d)
        os.makedirs(d)
        self.write("gomod/go.mod", "module doctest\n\ngo 1.19\n\n"
                   "require libnps.dev/go/nps v0.0.0\n\n"
                   "replace libnps.dev/go/nps => %s\n" % os.path.join(self.repo, "bindings", "go"))
        self.write("gomod/main.go", fill(b.template, b.text))
        rc, out, err = run(["go", "vet", "."], d, self.env)
        if rc != 0:
            return rc, out, "go vet failed:\n" + err
        return run(["go", "run", "."], d, self.env)

    def run_sql(self, b, rel):
        text = fill(b.template, b.text)
        if "postgres" in os.path.basename(rel):
            err = self.pg.start(self.env)
            if err:
                print("skip   %s (sql): %s" % (b.where(), err.strip()))
                return None
            if not self.pgdb_ready:
                rc, out, e = self.pg.new_database(self.db, self.env)
                if rc != 0:
                    return rc, out, e
                self.pgdb_ready = True
            env = self.pg.env(self.env)
            env["PGDATABASE"] = self.db
            p = self.write("block.sql", text)
            return run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", p], self.repo, env)
        ext = os.path.join(self.prefix, "lib", "sqlite3", "nps")
        db = os.path.join(self.tmp, "doctest.sqlite")
        return run(["sqlite3", "-bail", "-batch", db], self.repo, self.env,
                   stdin=".load %s sqlite3_nps_init\n%s" % (ext, text))

    def close(self):
        self.pg.stop(self.env)
        if not self.args.keep and not self.args.workdir:
            shutil.rmtree(self.work, ignore_errors=True)


def diff(want, got):
    import difflib
    return "\n".join(difflib.unified_diff(want, got, "doc", "actual", lineterm=""))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--slow", action="store_true", help="also run blocks marked slow")
    ap.add_argument("--keep", action="store_true", help="keep the scratch directory")
    ap.add_argument("--workdir", help="scratch directory to create or reuse (kept; "
                    "its copy of the sources and documented build are reused: "
                    "remove it after changing anything but the pages)")
    ap.add_argument("--list", action="store_true", help="list the blocks and exit")
    ap.add_argument("--fresh", action="store_true",
                    help="no documented build: every page starts from fresh sources")
    ap.add_argument("-j", "--jobs", type=int,
                    default=int(os.environ.get("NPS_JOBS", "0") or 0) or os.cpu_count() or 2)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    files = [os.path.abspath(f) for f in args.files]
    if args.list:
        for f in files:
            for b in parse(f):
                state = b.marker or ("run" if b.lang else "not run")
                print("%-32s %-8s %s" % (b.where(), b.info or "-", state))
        return 0
    t0 = time.time()
    r = Runner(args)
    try:
        if not r.prepare():
            return 1
        if not args.fresh:
            print("doctest: documented build done (%.0f s); scratch %s"
                  % (time.time() - t0, r.work))
        for f in files:
            t1 = time.time()
            r.page(f)
            print("doctest: %s (%.0f s)" % (os.path.relpath(f, ROOT), time.time() - t1))
            sys.stdout.flush()
    finally:
        r.close()
    c = r.counts
    print("doctest: %d passed, %d failed, %d skipped, %d fragments, %d slow not run, "
          "%d blocks of other languages; %.0f s"
          % (c["passed"], c["failed"], c["skipped"], c["fragment"], c["slow"], c["not run"],
             time.time() - t0))
    if r.failures:
        print("doctest: failing blocks: " + " ".join(r.failures))
        if args.keep or args.workdir:
            print("doctest: scratch kept in %s" % r.work)
    return 1 if r.failures else 0


if __name__ == "__main__":
    sys.exit(main())
