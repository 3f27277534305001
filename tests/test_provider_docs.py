"""The providers' documentation is the contract the validator runs."""

from dashboard import provider_docs
from dashboard.contract import KINDS
from dashboard.paths import DATA


def test_committed_specification_matches_the_contract() -> None:
    committed = (DATA / "aanleverspecificatie.md").read_text(encoding="utf-8")
    assert committed == provider_docs.render(), (
        "data/aanleverspecificatie.md is out of date: run `uv run python -m dashboard.provider_docs`"
    )


def test_every_column_of_every_kind_is_documented() -> None:
    text = provider_docs.render()
    for kind in KINDS.values():
        assert f"## Soort `{kind.name}`" in text
        for col in kind.columns:
            assert f"| `{col.name}` |" in text
