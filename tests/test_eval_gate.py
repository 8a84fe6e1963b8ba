"""The accuracy gate: evaluation scores on ../shared/data may not fall below their floors."""

from __future__ import annotations

import json

import pytest

from .conftest import DATA, REPO, run_cli

FLOORS = json.loads((REPO / "benchmarks" / "baselines.json").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_extraction_beats_plain_trafilatura_and_holds_its_floors() -> None:
    done = run_cli("eval", "extraction", "--data", str(DATA / "extraction"), "--json", timeout=600)
    assert done.returncode == 0, done.stderr
    scores = json.loads(done.stdout)
    ours = scores["extraction"]["parallax"]["tokens"]
    theirs = scores["extraction"][FLOORS["extraction"]["must_beat"]]["tokens"]
    assert ours["pages"] == theirs["pages"] >= 100
    assert ours["f1"] > theirs["f1"]
    assert ours["f1"] >= FLOORS["extraction"]["parallax_f1_tokens"]
    lines = scores["boilerplate_lines"]
    floors = FLOORS["boilerplate_lines"]
    assert lines["page"]["precision"] >= floors["page_precision"]
    assert lines["extracted"]["precision"] >= floors["extracted_precision"]
    assert lines["page"]["article_lines_kept"] >= floors["article_lines_kept"]
    assert lines["extracted"]["article_lines_kept"] >= floors["article_lines_kept"]
