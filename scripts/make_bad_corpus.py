#!/usr/bin/env python3
"""Write a corpus of hostile and broken inputs for `jixiao run`.

Usage: python3 scripts/make_bad_corpus.py OUT_DIR [--seed S] [--no-huge]

OUT_DIR is emptied and filled with: truncated and bit-flipped .docx/.xlsx/.xls/.pdf/.doc,
files whose extension lies, OOXML files encrypted with a password (a compound file
holding an EncryptedPackage stream), a password-protected .xls and .doc, zero-byte files, a 600 MB sparse
file, a 300,000-row text table, 300,000 one-line paragraphs, 50,000 nested Word tables,
a zip bomb, random bytes, UTF-16 and GB18030 text, file names that are not UTF-8,
symlink loops and dangling links, a FIFO, and files and folders with no permissions.

Beside OUT_DIR, OUT_DIR.manifest.tsv lists every regular file (path relative to OUT_DIR,
undecodable bytes written as U+FFFD as jixiao does), the status jixiao must give it
(`ok`, `partial`, `failed`, or `any`) and the error code it must carry (`-` for none,
`*` for any code). Runs are deterministic for a given --seed.

Permissions: as root, chmod 000 does not stop reading, so those files read normally;
the manifest says `any` for them.
"""

import argparse
import os
import random
import shutil
import struct
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.path.join(ROOT, "samples", "seeds")
DOCX = os.path.join(SEEDS, "000_miyi_2022.docx")
XLSX = os.path.join(SEEDS, "001_mianyang_2020.xlsx")
XLS = os.path.join(SEEDS, "002_guangxi_2023.xls")
TXT = os.path.join(SEEDS, "001_717aef90079029f5.txt")
ENCRYPTED_XLS = os.path.join(ROOT, "tests", "fixtures", "sheet", "encrypted.xls")
PDF = os.path.join(ROOT, "samples", "pdf", "000_miyi_2022.word.pdf")
DOC = os.path.join(ROOT, "samples", "doc", "000_miyi_2022.doc")

ENDOFCHAIN = 0xFFFFFFFE
FATSECT = 0xFFFFFFFD
FREESECT = 0xFFFFFFFF
NOSTREAM = 0xFFFFFFFF


def read(path):
    with open(path, "rb") as f:
        return f.read()


def cfb(streams):
    """A version-3 compound file (512-byte sectors) holding the given streams in the root
    storage. Streams are padded to 4096 bytes so that none lives in the mini stream, which
    keeps the layout to one FAT sector, one directory sector and the data."""
    assert 1 <= len(streams) <= 3
    sector = 512
    data_sectors = []
    entries = []
    next_sector = 2  # 0: FAT, 1: directory
    for name, body in streams:
        body = body + b"\0" * max(0, 4096 - len(body))
        n = (len(body) + sector - 1) // sector
        entries.append((name, next_sector, len(body)))
        data_sectors.append(body + b"\0" * (n * sector - len(body)))
        next_sector += n
    assert next_sector <= sector // 4
    fat = [FATSECT, ENDOFCHAIN]
    for _, start, size in entries:
        n = (size + sector - 1) // sector
        fat += [start + i + 1 for i in range(n - 1)] + [ENDOFCHAIN]
    fat += [FREESECT] * (sector // 4 - len(fat))

    def entry(name, kind, left, right, child, start, size):
        raw = name.encode("utf-16-le") + b"\0\0"
        return (
            raw.ljust(64, b"\0")
            + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", left, right, child)
            + b"\0" * 16
            + struct.pack("<I", 0)
            + b"\0" * 16
            + struct.pack("<IQ", start, size)
        )

    # The root's children form a tree ordered by (name length, name): with at most three
    # streams, the middle one is the root of the tree and the others its children.
    order = sorted(range(len(entries)), key=lambda i: (len(entries[i][0]), entries[i][0].upper()))
    ids = {i: k + 1 for k, i in enumerate(range(len(entries)))}
    mid = order[len(order) // 2]
    left = order[0] if len(order) > 1 and order[0] != mid else None
    right = order[-1] if len(order) > 1 and order[-1] != mid else None
    dirs = [entry("Root Entry", 5, NOSTREAM, NOSTREAM, ids[mid], ENDOFCHAIN, 0)]
    for i, (name, start, size) in enumerate(entries):
        l = ids[left] if i == mid and left is not None else NOSTREAM
        r = ids[right] if i == mid and right is not None else NOSTREAM
        dirs.append(entry(name, 2, l, r, NOSTREAM, start, size))
    directory = b"".join(dirs).ljust(sector, b"\0")
    header = (
        bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", FREESECT) * 108
    )
    assert len(header) == 512
    return header + struct.pack("<128I", *fat) + directory + b"".join(data_sectors)


def encrypted_ooxml(rng, size):
    """What Office writes for a password-protected .docx/.xlsx: a compound file with an
    agile EncryptionInfo stream and the encrypted package."""
    info = struct.pack("<HHI", 4, 4, 0x40) + (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        b'<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption">'
        b'<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" '
        b'cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" '
        b'saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/></encryption>'
    )
    package = struct.pack("<Q", size) + bytes(rng.getrandbits(8) for _ in range(size + 16))
    return cfb([("EncryptionInfo", info), ("EncryptedPackage", package)])


def doc_encrypted(doc):
    """A .doc with the fEncrypted flag of its FIB set, as Word marks a file saved with a
    password to open: the FIB is at the start of the WordDocument stream."""
    at = doc.find(b"\xec\xa5")
    while at >= 0 and at % 512:
        at = doc.find(b"\xec\xa5", at + 1)
    assert at >= 0, "no FIB in the sample .doc"
    b = bytearray(doc)
    flags = struct.unpack_from("<H", b, at + 10)[0] | 0x0100
    struct.pack_into("<H", b, at + 10, flags)
    return bytes(b)


def docx_with(document_xml, compress=zipfile.ZIP_DEFLATED):
    """The seed .docx with word/document.xml replaced."""
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(DOCX) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            if item.filename == "word/document.xml":
                continue
            dst.writestr(item, src.read(item.filename))
        info = zipfile.ZipInfo("word/document.xml", date_time=(2024, 1, 1, 0, 0, 0))
        info.compress_type = compress
        dst.writestr(info, document_xml)
    return buf.getvalue()


W = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-huge", action="store_true", help="leave out the 600 MB sparse file")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = os.path.abspath(args.out)
    if os.path.lexists(out):
        # Undo chmod 000 first, or removing the tree fails for non-root users.
        for d, dirs, _ in os.walk(out):
            for x in dirs:
                p = os.path.join(d, x)
                if not os.path.islink(p):
                    os.chmod(p, 0o755)
        shutil.rmtree(out)
    os.makedirs(out)
    manifest = []

    def put(name, data, status, code):
        path = os.path.join(out.encode(), name if isinstance(name, bytes) else name.encode())
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        shown = name.decode("utf-8", "replace") if isinstance(name, bytes) else name
        manifest.append((shown, status, code))
        return path

    docx, xlsx, xls, txt = read(DOCX), read(XLSX), read(XLS), read(TXT)
    pdf, doc = read(PDF), read(DOC)

    # Controls: the same content the broken files are made from, read normally.
    put("control/seed.docx", docx, "ok", "-")
    put("control/seed.xlsx", xlsx, "ok", "-")
    put("control/seed.xls", xls, "ok", "-")
    put("control/seed.txt", txt, "ok", "-")
    put("control/seed.pdf", pdf, "ok", "-")
    put("control/seed.doc", doc, "ok", "-")

    # Truncated: cut in the middle, after the first local header, before the end record.
    for name, data in (("docx", docx), ("xlsx", xlsx), ("xls", xls), ("doc", doc)):
        put(f"truncated/half.{name}", data[: len(data) // 2], "failed", "*")
        put(f"truncated/head.{name}", data[:700], "failed", "*")
        put(f"truncated/no-end.{name}", data[:-10], "any", "*")
    # A PDF cut short may still give its first pages (the cross-reference table is
    # rebuilt by scanning), so only a status and a code are required.
    put("truncated/half.pdf", pdf[: len(pdf) // 2], "any", "*")
    put("truncated/head.pdf", pdf[:700], "any", "*")
    put("truncated/no-end.pdf", pdf[:-10], "any", "*")
    put("truncated/half.txt", txt[: len(txt) // 2 + 1], "any", "*")

    # Bit-flipped: a few bytes changed anywhere; whatever comes out must carry a status.
    for name, data in (("docx", docx), ("xlsx", xlsx), ("xls", xls), ("pdf", pdf), ("doc", doc)):
        for i in range(8):
            b = bytearray(data)
            for _ in range(1 + i * 4):
                pos = rng.randrange(len(b))
                b[pos] ^= 1 << rng.randrange(8)
            put(f"bitflip/{i}.{name}", bytes(b), "any", "*")

    # Extensions that lie: the format comes from the bytes.
    put("wrong-ext/workbook.docx", xlsx, "ok", "-")
    put("wrong-ext/word.xlsx", docx, "ok", "-")
    put("wrong-ext/word.pdf", docx, "ok", "-")
    put("wrong-ext/text.xls", txt, "ok", "-")
    put("wrong-ext/random.docx", bytes(rng.getrandbits(8) for _ in range(4096)), "failed", "file.unknown_format")

    # Encrypted and password-protected.
    put("encrypted/protected.docx", encrypted_ooxml(rng, 9000), "failed", "ooxml.encrypted")
    put("encrypted/protected.xlsx", encrypted_ooxml(rng, 5000), "failed", "ooxml.encrypted")
    put("encrypted/password.xls", read(ENCRYPTED_XLS), "failed", "xls.encrypted")
    put("encrypted/password.doc", doc_encrypted(doc), "failed", "doc.encrypted")

    # Zero bytes.
    put("empty/empty.docx", b"", "failed", "file.empty")
    put("empty/empty.txt", b"", "failed", "file.empty")

    # Huge: a sparse file past the size limit (no disk used), a long table, long prose.
    if not args.no_huge:
        big = os.path.join(out, "huge", "sparse.docx")
        os.makedirs(os.path.dirname(big), exist_ok=True)
        with open(big, "wb") as f:
            f.truncate(600 * 1024 * 1024)
        manifest.append(("huge/sparse.docx", "failed", "limit.file_bytes"))
    rows = "".join(f"指标{i}\t≥{i % 100}%\t{(i * 7) % 100}%\t\n" for i in range(300_000))
    put("huge/rows-300k.txt", ("年度绩效自评表\n" + rows).encode(), "partial", "limit.rows")
    lines = "".join(f"{i},第{i}行,{i * 3}\n" for i in range(300_000))
    put("huge/lines-300k.csv", lines.encode(), "partial", "limit.paragraphs")

    # Deeply nested: 50,000 tables inside each other (stored, so no ratio limit applies
    # first), and a zip bomb.
    depth = 50_000
    nested = (
        W
        + b"<w:p><w:r><w:t>\xe5\xb5\x8c\xe5\xa5\x97</w:t></w:r></w:p>"
        + b"<w:tbl><w:tr><w:tc>" * depth
        + b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"
        + b"</w:tc></w:tr></w:tbl>" * depth
        + b"</w:body></w:document>"
    )
    # Cut at the depth limit: the paragraph before the tables is kept.
    put("nested/tables-50k.docx", docx_with(nested, zipfile.ZIP_STORED), "partial", "limit.depth")
    deep_xml = W + b"<w:p>" + b"<w:r>" * 200_000 + b"</w:r>" * 200_000 + b"</w:p></w:body></w:document>"
    put("nested/runs-200k.docx", docx_with(deep_xml, zipfile.ZIP_STORED), "partial", "limit.depth")
    bomb = W + b"<w:p><w:r><w:t>" + b" " * (64 * 1024 * 1024) + b"</w:t></w:r></w:p></w:body></w:document>"
    put("nested/bomb.docx", docx_with(bomb), "failed", "limit.zip_ratio")
    put("nested/not-xml.docx", docx_with(b"\x00\x01<w:document><<<&&&"), "any", "*")

    # Odd content.
    put("odd/random.bin", bytes(rng.getrandbits(8) for _ in range(65536)), "failed", "file.unknown_format")
    put("odd/utf16.txt", b"\xff\xfe" + txt.decode("utf-8").encode("utf-16-le"), "any", "*")
    put("odd/gb18030.txt", txt.decode("utf-8").encode("gb18030"), "ok", "-")
    put("odd/only-newlines.txt", b"\n" * 100_000, "any", "*")
    put("odd/one-long-line.txt", ("长" * 2_000_000).encode(), "any", "*")
    put("odd/folder.docx/inside.docx", docx, "ok", "-")

    # Names: bytes that are not UTF-8 (two that print alike), a very long name.
    put(b"names/bad-\xff.docx", docx, "ok", "-")
    put(b"names/bad-\xfe.docx", docx, "ok", "-")
    put(b"names/gbk-\xd6\xd0\xce\xc4.xlsx", xlsx, "ok", "-")
    put("names/" + "长" * 80 + ".docx", docx, "ok", "-")

    # Links: a folder that contains its parent, a link to itself, a link to nothing.
    links = os.path.join(out, "links")
    os.makedirs(links, exist_ok=True)
    os.symlink("..", os.path.join(links, "up"))
    os.symlink("self.docx", os.path.join(links, "self.docx"))
    os.symlink("nowhere.docx", os.path.join(links, "dangling.docx"))
    os.mkfifo(os.path.join(links, "pipe.txt"))

    # Permissions: an unreadable file and an unreadable folder.
    p = put("locked/unreadable.docx", docx, "any", "*")
    os.chmod(p, 0)
    p = put("locked/dir/inside.docx", docx, "any", "*")
    os.chmod(os.path.dirname(p), 0)

    with open(out + ".manifest.tsv", "w", encoding="utf-8") as f:
        for name, status, code in sorted(manifest):
            f.write(f"{name}\t{status}\t{code}\n")
    print(f"{len(manifest)} files in {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
