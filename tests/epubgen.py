"""Builds EPUB files (zip archives) from folders of tests/data/epub/, at test
time, with python3's zipfile: `mimetype` first and stored, as the OCF
specification asks, everything else deflated. Used by test-epub.py, the
fuzz seeds (fuzz/make-seeds.py) and bench-epub.

    build(folder, out)                   the folder as an EPUB
    build(folder, out, extra=[(info, bytes)], replace={name: bytes})
"""

import os
import zipfile


def files_of(folder):
    """The folder's files as (archive name, bytes), mimetype first."""
    out = []
    for root, _dirs, names in os.walk(folder):
        for n in names:
            path = os.path.join(root, n)
            arc = os.path.relpath(path, folder).replace(os.sep, '/')
            with open(path, 'rb') as f:
                out.append((arc, f.read()))
    out.sort(key=lambda p: (p[0] != 'mimetype', p[0]))
    return out


def build(folder, out, extra=(), replace=None, drop=()):
    """Writes the EPUB @out from @folder; @replace maps names to new bytes,
    @drop names left out, @extra adds (ZipInfo or name, bytes) pairs."""
    replace = replace or {}
    with zipfile.ZipFile(out, 'w') as z:
        for arc, data in files_of(folder):
            if arc in drop:
                continue
            data = replace.get(arc, data)
            method = zipfile.ZIP_STORED if arc == 'mimetype' else zipfile.ZIP_DEFLATED
            z.writestr(zipfile.ZipInfo(arc, (2024, 6, 1, 0, 0, 0)), data, compress_type=method)
        for info, data in extra:
            if isinstance(info, str):
                info = zipfile.ZipInfo(info, (2024, 6, 1, 0, 0, 0))
            z.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
