"""A PEP 517 build backend in the standard library only.

``pip install bindings/python`` must work offline with any CPython 3.8+:
setuptools >= 61 may be missing or too old, and ``wheel`` is often absent
(pyenv builds), so this backend writes the wheel itself with zipfile. It
needs nothing from an index, so pip's build isolation costs nothing.

The wheel holds the ``libnps`` package (with ``py.typed``) and, when one
was copied there, the bundled C library; then it is tagged for this
platform instead of ``any``.
"""
from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import sysconfig
import tarfile
import zipfile
from typing import Any, Dict, List, Optional, Tuple

NAME = "libnps"
HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.join(HERE, NAME)
NATIVE = (".so", ".dylib", ".dll")


def _version() -> str:
    with open(os.path.join(PKG, "__init__.py"), encoding="utf-8") as f:
        m = re.search(r'^__version__ = "([^"]+)"', f.read(), re.M)
    if not m:
        raise RuntimeError("no __version__ in libnps/__init__.py")
    return m.group(1)


def _metadata() -> str:
    with open(os.path.join(HERE, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    return (f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {_version()}\n"
            "Summary: Net Promoter Score with confidence intervals, comparisons "
            "and trends (ctypes bindings to libnps)\n"
            "Home-page: https://libnps.dev\nLicense: MIT\n"
            "Requires-Python: >=3.8\n"
            "Provides-Extra: numpy\nRequires-Dist: numpy; extra == \"numpy\"\n"
            "Provides-Extra: pandas\nRequires-Dist: pandas; extra == \"pandas\"\n"
            "Provides-Extra: dask\nRequires-Dist: dask[dataframe]; extra == \"dask\"\n"
            "Classifier: Programming Language :: Python :: 3\n"
            "Classifier: Typing :: Typed\n"
            "Description-Content-Type: text/markdown\n\n" + readme)


def _files() -> List[str]:
    out = []
    for root, dirs, names in os.walk(PKG):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for n in sorted(names):
            if n.endswith((".pyc", ".pyo")):
                continue
            out.append(os.path.relpath(os.path.join(root, n), HERE))
    return out


def _tag(files: List[str]) -> str:
    if any(any(ext in os.path.basename(f) for ext in NATIVE) for f in files):
        plat = re.sub(r"[-.]", "_", sysconfig.get_platform())
        return f"py3-none-{plat}"
    return "py3-none-any"


def _record_line(path: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return f"{path},sha256={digest.decode()},{len(data)}"


def get_requires_for_build_wheel(config_settings: Optional[Dict[str, Any]] = None) -> List[str]:
    return []


def get_requires_for_build_sdist(config_settings: Optional[Dict[str, Any]] = None) -> List[str]:
    return []


def _dist_info(tag: str) -> Tuple[str, Dict[str, bytes]]:
    di = f"{NAME}-{_version()}.dist-info"
    wheel = (f"Wheel-Version: 1.0\nGenerator: libnps nps_build\n"
             f"Root-Is-Purelib: {'true' if tag.endswith('any') else 'false'}\n"
             f"Tag: {tag}\n")
    return di, {f"{di}/METADATA": _metadata().encode(), f"{di}/WHEEL": wheel.encode()}


def prepare_metadata_for_build_wheel(metadata_directory: str,
                                     config_settings: Optional[Dict[str, Any]] = None) -> str:
    di, meta = _dist_info(_tag(_files()))
    for name, data in meta.items():
        path = os.path.join(metadata_directory, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    return di


def build_wheel(wheel_directory: str, config_settings: Optional[Dict[str, Any]] = None,
                metadata_directory: Optional[str] = None) -> str:
    files = _files()
    tag = _tag(files)
    di, meta = _dist_info(tag)
    name = f"{NAME}-{_version()}-{tag}.whl"
    records = []
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w",
                         zipfile.ZIP_DEFLATED) as z:
        for rel in files:
            with open(os.path.join(HERE, rel), "rb") as f:
                data = f.read()
            arc = rel.replace(os.sep, "/")
            info = zipfile.ZipInfo(arc, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = (0o755 if any(e in arc for e in NATIVE) else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
            records.append(_record_line(arc, data))
        for arc, data in meta.items():
            z.writestr(arc, data)
            records.append(_record_line(arc, data))
        records.append(f"{di}/RECORD,,")
        z.writestr(f"{di}/RECORD", "\n".join(records) + "\n")
    return name


def build_sdist(sdist_directory: str,
                config_settings: Optional[Dict[str, Any]] = None) -> str:
    base = f"{NAME}-{_version()}"
    name = f"{base}.tar.gz"
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz") as t:
        for rel in ["pyproject.toml", "README.md", "nps_build.py"] + _files():
            t.add(os.path.join(HERE, rel), arcname=f"{base}/{rel}")
        pkg_info = _metadata().encode()
        info = tarfile.TarInfo(f"{base}/PKG-INFO")
        info.size = len(pkg_info)
        t.addfile(info, io.BytesIO(pkg_info))
    return name
