#!/usr/bin/env python3
"""Write every sample .docx (samples/seeds, samples/variants) as Word 97-2003 .doc.

LibreOffice writes the .doc the way WPS and Word do: a compound file with a
WordDocument stream, a piece table, UTF-16 pieces for Chinese text and table rows
marked by TAP properties. The files land in samples/doc/<stem>.doc, where the parity
test pairs each with the .docx of the same stem.

Usage: python3 scripts/make_doc_samples.py   (needs soffice on the PATH)
"""

import glob
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = os.path.join(ROOT, "samples")


def convert(sources, fmt, outdir):
    """Runs one soffice over all sources with a private profile, so that a user's
    running LibreOffice neither blocks nor changes the conversion."""
    with tempfile.TemporaryDirectory() as profile:
        cmd = [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            outdir,
            *sources,
        ]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def main():
    if shutil.which("soffice") is None:
        sys.exit("soffice (LibreOffice) is required: apt-get install libreoffice-writer-nogui")
    sources = sorted(
        glob.glob(os.path.join(SAMPLES, "seeds", "*.docx"))
        + glob.glob(os.path.join(SAMPLES, "variants", "*.docx"))
    )
    out = os.path.join(SAMPLES, "doc")
    os.makedirs(out, exist_ok=True)
    convert(sources, "doc:MS Word 97", out)
    for s in sources:
        stem = os.path.splitext(os.path.basename(s))[0]
        path = os.path.join(out, stem + ".doc")
        if not os.path.exists(path):
            sys.exit(f"soffice did not write {path}")
        print(path)


if __name__ == "__main__":
    main()
