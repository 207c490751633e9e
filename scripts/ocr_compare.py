#!/usr/bin/env python3
"""How close scanned files come to the same documents as digital PDFs.

usage: ocr_compare.py RECORDS.jsonl [--verbose]

Pairs every record of a scan (NAME.scan.pdf, NAME.hscan.pdf, NAME-scan.pdf) with the
record of the digital PDF of the same document (NAME.pdf) in the same records file,
and compares what the form interpreter made of each, report by report:
  fund cells      budget, executed and rate of every fund line of the digital record
  indicator rows  name, target and actual text (white space ignored) of every row
The digital PDF is the reference: it measures what OCR loses, whatever the
interpreter gets wrong on both.
"""
import json, re, sys, collections, unicodedata


def squash(s):
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", str(s or "")))


def num_eq(a, b):
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) < 1e-6
    return a == b


def base(path):
    name = path.rsplit("/", 1)[-1]
    for suffix in (".hscan.pdf", ".scan.pdf", "-scan.pdf"):
        if name.endswith(suffix):
            return name[: -len(suffix)], suffix
    if name.endswith(".pdf") and name.count(".") == 1:
        return name[:-4], ".pdf"
    return None, None


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    verbose = "--verbose" in sys.argv
    recs = {}
    for line in open(args[0], encoding="utf-8"):
        r = json.loads(line)
        stem, kind = base(r["file"]["path"])
        if stem:
            recs[(stem, kind)] = r
    totals = collections.defaultdict(lambda: [0, 0, 0, 0])
    rows = []
    for (stem, kind), scan in sorted(recs.items()):
        if kind == ".pdf":
            continue
        digital = recs.get((stem, ".pdf"))
        if not digital:
            continue
        fc = fr = ic = ir = 0
        for i, want in enumerate(digital["reports"]):
            got = scan["reports"][i] if i < len(scan["reports"]) else {}
            gf = got.get("funds", [])
            for k, wf in enumerate(want.get("funds", [])):
                g = gf[k] if k < len(gf) else {}
                for key in ("budget", "executed", "rate"):
                    if wf.get(key) is None:
                        continue
                    fc += 1
                    if num_eq(wf.get(key), g.get(key)):
                        fr += 1
                    elif verbose:
                        print(f"{stem}{kind} r{i} fund {wf.get('line')} {key}: pdf {wf.get(key)} scan {g.get(key)}")
            gi = got.get("indicators", [])
            for k, wi in enumerate(want.get("indicators", [])):
                ic += 1
                g = gi[k] if k < len(gi) else {}
                same = all(
                    squash(f(wi)) == squash(f(g))
                    for f in (
                        lambda x: x.get("name"),
                        lambda x: (x.get("target") or {}).get("raw"),
                        lambda x: (x.get("actual") or {}).get("raw"),
                    )
                )
                if same:
                    ir += 1
                elif verbose:
                    print(f"{stem}{kind} r{i} ind {k}: pdf {wi.get('name')!r} {(wi.get('target') or {}).get('raw')!r} {(wi.get('actual') or {}).get('raw')!r}"
                          f" | scan {g.get('name')!r} {(g.get('target') or {}).get('raw')!r} {(g.get('actual') or {}).get('raw')!r}")
        engines = sorted({p.get("engine") for p in scan.get("ocr_pages", [])})
        rows.append((f"{stem}{kind}", fr, fc, ir, ic, scan["status"], ",".join(engines)))
        t = totals[kind]
        t[0] += fr; t[1] += fc; t[2] += ir; t[3] += ic
    print(f"{'file':24} {'fund cells':>12} {'indicator rows':>16}  status   engine")
    for name, fr, fc, ir, ic, status, eng in rows:
        print(f"{name:24} {fr:5}/{fc:<6} {ir:7}/{ic:<8}  {status:8} {eng}")
    for kind, (fr, fc, ir, ic) in sorted(totals.items()):
        print(f"{'all ' + kind:24} {fr:5}/{fc:<6} {ir:7}/{ic:<8}  fund {fr / max(fc, 1):.3f}  rows {ir / max(ic, 1):.3f}")


if __name__ == "__main__":
    main()
