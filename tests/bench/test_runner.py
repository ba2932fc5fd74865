"""The benchmark runner at a tiny scale: its JSON has every key, and the pages answer. No timing is asserted."""

from __future__ import annotations

import json

import pytest

from bench import runner

PAGE_KEYS = {"key", "label", "user", "url_name", "url", "built"}
MEASURED_KEYS = {"status", "queries", "requests", "median_ms", "p95_ms", "ratio"}


@pytest.mark.django_db
def test_runner_writes_json_with_the_expected_keys(tmp_path) -> None:
    results = runner.run(scale=0.01, seed=1, repeat=3, budget_seconds=0.5, flood_requests=50)
    path = runner.write(results, tmp_path)

    written = json.loads(path.read_text(encoding="utf-8"))
    assert written == json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))
    assert set(written) >= {"meta", "build", "compilation", "bomb", "trivial", "pages", "load", "targets"}
    assert written["bomb"]["refused"] and written["bomb"]["unpacked_mb"] > written["bomb"]["limit_mb"]
    assert written["meta"]["municipality"] == "Syntetisk storkommun (testdata)"
    assert set(written["trivial"]) == {"signed_in", "anonymous"}
    assert set(written["compilation"]) >= {"sql_floor_ms", "compute_year_ms", "full_compile_ms", "full_compile_ratio"}
    keys = {page["key"] for page in written["pages"]}
    assert {"dashboard_strategist", "followup_editor", "period_overview", "budget_document"} <= keys
    assert {"fulfillment_report", "api_goals", "cascade", "public_start"} <= keys
    for page in written["pages"]:
        assert set(page) >= PAGE_KEYS
        if page["built"]:
            assert set(page) >= MEASURED_KEYS
            assert page["status"] < 400, page  # the portal's start page may redirect to the public one
    assert "Syntetisk storkommun" in runner.table(written)
    # issue 21: the hostile initiative's page answers, and the flood kept one entry
    hostile = next(page for page in written["pages"] if page["key"] == "public_initiative_hostile")
    assert hostile["built"] and hostile["status"] == 200
    assert written["hostile_markdown"]["markdown_chars"] > 8_000
    flood = written["flood"]
    assert flood["requests"] == 50 and flood["errors"] == 0
    assert flood["page_entries_after"] == flood["page_entries_before"]  # the pages measured before it, no more
    assert written["targets"]["query_flood_keeps_one_entry_and_bounded_memory"]["met"] is True
    assert "Query-string flood (50 distinct ?utm=)" in runner.table(written)
