"""Before/after in one run: an older commit of the repository checked out beside the working
tree, run with this checkout's virtual environment (the same packages; `PYTHONPATH` puts
the old `dashboard` package first, so its code, queries and data are the old ones).

    --before COMMIT   in bench_serve.py, bench_reports.py and bench_incremental.py

The checkout is a detached `git worktree` under the system's temporary folder, made once
per commit and reused; `git worktree remove` (or `git worktree prune` after deleting the
folder) takes it away."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from dashboard.paths import ROOT

HERE = "werkboom"  # the label of the working tree in the printed figures


def checkout(commit: str) -> Path:
    """A folder holding `commit` (any name git knows: a hash, `main`, `HEAD~3`)."""
    sha = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--verify", f"{commit}^{{commit}}"], capture_output=True, text=True, check=True
    )
    full = sha.stdout.strip()
    folder = Path(tempfile.gettempdir()) / f"jm_before_{full[:12]}"
    if not (folder / "dashboard").is_dir():
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(folder), full], check=True, capture_output=True)
    return folder


def env(tree: Path | None) -> dict[str, str]:
    """The environment for a child process running `tree`'s code (None: the working tree)."""
    out = dict(os.environ)
    if tree is not None:
        out["PYTHONPATH"] = os.pathsep.join([str(tree), *filter(None, [os.environ.get("PYTHONPATH")])])
    return out


def trees(before: str | None) -> list[tuple[str, Path | None]]:
    """(label, tree) to measure: the working tree, and the commit asked for before it."""
    out: list[tuple[str, Path | None]] = [(HERE, None)]
    if before:
        out.append((before, checkout(before)))
    return out


def python() -> str:
    return sys.executable
