"""Benchmark process_image on a 24-megapixel camera-like JPEG: median time and peak memory."""

from __future__ import annotations

import argparse
import io
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SIZE = (6000, 4000)
REPEATS = 5
MAX_PIXELS = 40_000_000
TARGET_SECONDS = 1.5
TARGET_RSS_MB = 300


def make_photo(size: tuple[int, int] = SIZE) -> bytes:
    """A JPEG that compresses like a photo: smooth gradients, coarse texture, fine grain."""
    from PIL import ExifTags, Image, ImageDraw

    width, height = size
    red = Image.linear_gradient("L").resize(size)
    green = Image.radial_gradient("L").resize(size)
    texture = Image.effect_noise((width // 8, height // 8), 60).resize(
        size, Image.Resampling.BICUBIC
    )
    grain = Image.effect_noise(size, 24)
    blue = Image.blend(texture, grain, 0.35)
    photo = Image.merge("RGB", (red, green, blue))
    draw = ImageDraw.Draw(photo)
    for x in range(0, width, 300):  # hard edges, like a product's outline
        draw.line([(x, 0), (width - x, height)], fill=(240, 200, 30), width=7)
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # phones store portrait shots sideways
    exif[ExifTags.Base.Model] = "Bench Camera"
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=90, exif=exif.tobytes())
    return buffer.getvalue()


def run_child(path: Path, repeats: int) -> None:
    """Process the file ``repeats`` times in this fresh process and print JSON results."""
    sys.path.insert(0, str(REPO))
    from shop.images import process_image

    data = path.read_bytes()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = process_image(data, max_pixels=MAX_PIXELS)
        times.append(time.perf_counter() - start)
    # ru_maxrss is in KiB on Linux; it sees Pillow's C allocations, unlike tracemalloc.
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "times": times,
                "peak_rss_mb": peak_kib / 1024,
                "renditions": len(result.renditions),
                "rendition_bytes": sum(len(r.data) for r in result.renditions),
                "upright": [result.width, result.height],
            }
        )
    )


def in_child(*arguments: str) -> str:
    """Run this script in a fresh process and return what it printed.

    Linux carries a parent's peak RSS over into a forked child's ru_maxrss, so
    the parent never decodes a picture itself: even the test photo is made in a
    child of its own.
    """
    command = [sys.executable, __file__, *arguments]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def measure(path: Path, repeats: int) -> dict[str, Any]:
    return json.loads(in_child("--child", str(path), "--repeats", str(repeats)))


def verdict(value: float, target: float) -> str:
    return "PASS" if value < target else "FAIL"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--make", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make:
        args.make.write_bytes(make_photo())
        return 0
    if args.child:
        run_child(args.child, args.repeats)
        return 0

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "photo.jpg"
        in_child("--make", str(path))
        source_mb = path.stat().st_size / 1e6
        timing = measure(path, args.repeats)
        memory = measure(path, 1)  # a single run: the peak of one upload

    median = statistics.median(timing["times"])
    peak = memory["peak_rss_mb"]
    width, height = SIZE
    print(
        f"process_image: {width}x{height} JPEG ({source_mb:.1f} MB, EXIF orientation 6), "
        f"median of {args.repeats} runs; peak RSS of a fresh process doing one run"
    )
    rows = [
        (
            "time (median, s)",
            f"{median:.2f}",
            f"< {TARGET_SECONDS}",
            verdict(median, TARGET_SECONDS),
        ),
        ("peak RSS (MB)", f"{peak:.0f}", f"< {TARGET_RSS_MB}", verdict(peak, TARGET_RSS_MB)),
        ("renditions", str(timing["renditions"]), "", ""),
        ("renditions total (KB)", f"{timing['rendition_bytes'] / 1000:.0f}", "", ""),
    ]
    print(f"{'metric':<24}{'value':>8}{'target':>10}  result")
    for name, value, target, result in rows:
        print(f"{name:<24}{value:>8}{target:>10}  {result}".rstrip())
    ok = median < TARGET_SECONDS and peak < TARGET_RSS_MB
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
