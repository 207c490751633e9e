#!/usr/bin/env python3
"""Make scanned-looking, image-only PDFs of sample documents for the OCR tests.

Each .docx is printed to PDF with LibreOffice, its pages rendered to images with
pdftoppm, then "scanned": rotated slightly, speckled with noise, stamped with a red
seal (circle, star and text) over part of the table, and wrapped as a PDF that holds
only images (no fonts, no text layer). Seeded, so re-running gives the same pictures.

Output: samples/scans/<stem>-scan.pdf. The name differs from the .docx stem so the
file is not mistaken for an exact format of the same document.

Usage: python3 scripts/make_scans.py   (needs soffice, pdftoppm and Pillow)

`--hard` makes archive scans at their worst from the scans above (pdftoppm and
Pillow only): samples/scans/<stem>-hscan.pdf, pages at 150 dpi as strong JPEG, the
sheet a little smaller than the scanner bed, on grey, unevenly lit paper, skewed
2-3 degrees, a red seal over the figures, and fed in upside down (page 1) or
sideways (page 2).
"""

import glob
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile

from PIL import Image, ImageChops, ImageDraw, ImageFont

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = os.path.join(ROOT, "samples")
DPI = 200
# (stem, rotation in degrees, pages kept): the three seed forms and one variant.
# Long forms keep their first pages, which hold the header, the fund block and the
# first indicators, so that the OCR tests stay within a few minutes.
DOCUMENTS = [
    ("seeds/000_miyi_2022", 0.6, 4),
    ("seeds/001_mianyang_2020", -0.4, 3),
    ("seeds/002_guangxi_2023", 0.9, 2),
    ("variants/project_selfeval_2023", -0.7, 2),
]
FONTS = ["/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"]


def to_pdf(docx, outdir):
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                outdir,
                docx,
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return os.path.join(outdir, os.path.splitext(os.path.basename(docx))[0] + ".pdf")


def render(pdf, outdir):
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", pdf, os.path.join(outdir, "p")], check=True)
    return sorted(glob.glob(os.path.join(outdir, "p-*.png")))


def font(size):
    for f in FONTS:
        if os.path.exists(f):
            return ImageFont.truetype(f, size)
    return ImageFont.load_default()


def stamp(size, rng):
    """A red seal on a transparent layer: ring, star and the issuing office's name."""
    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    red = (210 + rng.randint(0, 30), 20, 30, 235)
    w = max(6, size // 40)
    d.ellipse([w, w, size - w, size - w], outline=red, width=w)
    cx = cy = size / 2
    r = size * 0.13
    pts = []
    for k in range(10):
        a = -math.pi / 2 + k * math.pi / 5
        rr = r if k % 2 == 0 else r * 0.4
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    d.polygon(pts, fill=red)
    text = "财政局绩效评价专用章"
    f = font(size // 9)
    n = len(text)
    for i, ch in enumerate(text):
        a = math.radians(-150 + i * 300 / max(1, n - 1)) - math.pi / 2
        a = math.radians(200 + i * 140 / max(1, n - 1))
        x = cx + size * 0.34 * math.cos(a)
        y = cy + size * 0.34 * math.sin(a)
        d.text((x, y), ch, fill=red, font=f, anchor="mm")
    return layer


def scan(path, angle, rng, with_stamp):
    page = Image.open(path).convert("RGB")
    w, h = page.size
    if with_stamp:
        s = stamp(int(DPI * 1.6), rng)
        # Over the upper right of the table, where the money columns are.
        x = int(w * 0.55) + rng.randint(-40, 40)
        y = int(h * 0.25) + rng.randint(-40, 40)
        layer = Image.new("RGB", (w, h), (255, 255, 255))
        layer.paste(s, (x, y), s)
        # Ink is absorbed, not covered: where the stamp meets black text the darker wins.
        page = ImageChops.darker(page, layer)
    page = page.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=(255, 255, 255))
    px = page.load()
    # Scanner dust: dark specks, and a light grey cast.
    for _ in range(w * h // 4000):
        x, y = rng.randrange(w - 2), rng.randrange(h - 2)
        g = rng.randint(0, 90)
        for dx in range(rng.choice([1, 1, 2])):
            for dy in range(rng.choice([1, 2])):
                px[x + dx, y + dy] = (g, g, g)
    for _ in range(w * h // 50):
        x, y = rng.randrange(w), rng.randrange(h)
        r, g, b = px[x, y]
        k = rng.randint(-25, 0)
        px[x, y] = (max(0, r + k), max(0, g + k), max(0, b + k))
    return page


# (scan, pages kept, skew in degrees): the hard scans are made from these.
HARD = [("002_guangxi_2023", 2, 2.4)]
HARD_DPI = 150


def worn(page, angle, turn, rng):
    """The page as an archive scan: grey paper lit unevenly, on a darker bed, skewed
    and turned by `turn` degrees counter-clockwise, at 150 dpi."""
    page = page.convert("RGB")
    w, h = page.size
    scale = HARD_DPI / DPI
    page = page.resize((int(w * scale), int(h * scale)), Image.BILINEAR)
    w, h = page.size
    # Paper from 200 (one corner) to 240 (the other): ink stays where it is darker.
    shade = Image.linear_gradient("L").resize((w, h)).point(lambda v: 200 + v * 40 // 255)
    shade = shade.rotate(rng.choice([0, 90, 180, 270]), expand=False, fillcolor=220)
    page = ImageChops.multiply(page, Image.merge("RGB", [shade] * 3))
    s = stamp(int(HARD_DPI * 1.5), rng)
    layer = Image.new("RGB", (w, h), (255, 255, 255))
    layer.paste(s, (int(w * 0.45), int(h * 0.2)), s)
    page = ImageChops.darker(page, layer)
    bed = Image.new("RGB", (int(w * 1.06), int(h * 1.05)), (150, 150, 145))
    page = page.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=(150, 150, 145))
    bed = bed.resize((max(bed.width, page.width + 20), max(bed.height, page.height + 20)))
    bed.paste(page, ((bed.width - page.width) // 2, (bed.height - page.height) // 2))
    return bed.rotate(turn, expand=True)


def hard():
    out = os.path.join(SAMPLES, "scans")
    for stem, keep, angle in HARD:
        rng = random.Random(stem + "-hard")
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(out, stem + "-scan.pdf")
            subprocess.run(["pdftoppm", "-r", str(DPI), "-png", src, os.path.join(tmp, "p")], check=True)
            files = sorted(glob.glob(os.path.join(tmp, "p-*.png")))[:keep]
            turns = [180, 90, 0, 270]
            pages = [worn(Image.open(f), angle, turns[i % 4], rng) for i, f in enumerate(files)]
            # Strong JPEG: save each page through JPEG before wrapping it.
            jpegs = []
            for i, p in enumerate(pages):
                path = os.path.join(tmp, f"j{i}.jpg")
                p.save(path, quality=35)
                jpegs.append(Image.open(path))
            target = os.path.join(out, stem + "-hscan.pdf")
            jpegs[0].save(target, save_all=True, append_images=jpegs[1:], resolution=HARD_DPI, quality=35)
        print(target, len(pages), "pages")


def main():
    if "--hard" in sys.argv:
        return hard()
    for tool in ("soffice", "pdftoppm"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is required")
    out = os.path.join(SAMPLES, "scans")
    os.makedirs(out, exist_ok=True)
    for stem, angle, keep in DOCUMENTS:
        rng = random.Random(stem)
        with tempfile.TemporaryDirectory() as tmp:
            pdf = to_pdf(os.path.join(SAMPLES, stem + ".docx"), tmp)
            pages = [scan(p, angle, rng, i == 0) for i, p in enumerate(render(pdf, tmp)[:keep])]
        target = os.path.join(out, os.path.basename(stem) + "-scan.pdf")
        pages[0].save(
            target,
            save_all=True,
            append_images=pages[1:],
            resolution=DPI,
            quality=85,
        )
        print(target, len(pages), "pages")


if __name__ == "__main__":
    main()
