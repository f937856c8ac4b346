"""The Python example of README.md runs as written and prints what its comments say."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def readme_example() -> str:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index("    from despin import Detector")
    block = []
    for line in lines[start:]:
        if line and not line.startswith("    "):
            break
        block.append(line[4:])
    return "\n".join(block).strip() + "\n"


def test_the_readme_example_runs_as_written():
    code = readme_example()
    assert 8 <= len(code.splitlines()) <= 12
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "True 1.0",
        "3rd spherical -> third round",
        "Would possibly -> May",
        "our bodies of squaddies -> bodies of soldiers",
        "The third round of talks began in May, after bodies of soldiers were found.",
        "[True, False]",
    ]
