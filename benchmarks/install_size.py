"""What installing the project adds, in MB: the default install, then each extra on top, and
the largest packages of the default (a fresh virtual environment, the pinned versions).

    python3 benchmarks/install_size.py [--extras postgres,rnnoise,mic] [--top 12]

The default install is what scripts/setup installs without the dev tools: the project, then
requirements-no-deps.txt (RNNoise's library without pyrnnoise's dependencies); `[rnnoise]`
shows what those dependencies would add.

The joined Whisper `base` model (145 MB) is written once into the data directory at first use
and is counted separately. Needs the package index pip is configured with.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def megabytes(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def site_packages(environment: Path) -> Path:
    return next((environment / "lib").glob("python3*/site-packages"))


def install(environment: Path, *requirement: str) -> bool:
    pip = [str(environment / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    command = [*pip, "-c", str(ROOT / "constraints.txt"), *requirement]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        failed = " ".join(requirement)
        print(f"  {failed}: install failed: {done.stderr.strip()[-300:]}", file=sys.stderr)
    return done.returncode == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--extras", default="postgres,rnnoise,mic")
    parser.add_argument("--top", type=int, default=12)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        environment = Path(scratch) / "venv"
        venv.create(environment, with_pip=True)
        packages = site_packages(environment)
        empty = megabytes(packages)
        no_deps = ["--no-deps", "--require-hashes", "-r", str(ROOT / "requirements-no-deps.txt")]
        if not (install(environment, str(ROOT)) and install(environment, *no_deps)):
            raise SystemExit(1)
        default = megabytes(packages)
        print(
            f"default install (SQLite, Whisper + second ear, API, screen): {default - empty:.0f} MB"
        )
        sizes = sorted(
            ((megabytes(p), p.name) for p in packages.iterdir() if p.is_dir()), reverse=True
        )
        for size, name in sizes[: options.top]:
            print(f"  {size:6.0f} MB  {name}")
        before = default
        for extra in filter(None, options.extras.split(",")):
            if install(environment, f"{ROOT}[{extra}]"):
                after = megabytes(packages)
                print(f"+ [{extra}]: {after - before:.0f} MB")
                before = after


if __name__ == "__main__":
    main()
