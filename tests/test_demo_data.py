"""The demo extracts in data/demo/ are what tests/demogen.py makes, and data/demo/ijw what
tests/ijw_demogen.py makes from them: regenerating them gives
the same files, byte for byte (so a change to the generator shows in the data, and the
data cannot drift from its generator)."""

from __future__ import annotations

from pathlib import Path

from dashboard.paths import DEMO
from tests import demogen, ijw_demogen

HAND_WRITTEN = {"aanbevelingen_demo.yaml", "toelichtingen_demo.yaml"}  # the demo register and texts, written by hand


def test_regenerating_the_demo_reproduces_data_demo_byte_for_byte(tmp_path: Path) -> None:
    demogen.main(tmp_path)
    ijw_demogen.main(tmp_path)
    made = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    shipped = {p.relative_to(DEMO).as_posix() for p in DEMO.rglob("*") if p.is_file()} - HAND_WRITTEN
    assert made == shipped
    differ = [name for name in sorted(made) if (tmp_path / name).read_bytes() != (DEMO / name).read_bytes()]
    assert not differ, f"{len(differ)} bestanden wijken af, o.a. {differ[:5]}"
