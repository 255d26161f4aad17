"""Published ids never break: the registry refuses a vanished id unless it is marked, then
redirects."""

from __future__ import annotations

import importlib.util

import yaml

from conftest import RECORD, REGISTRY, ROOT, SITE, generate, mkdocs, problems_of
from record.load.registry import KINDS, check_registry, updated
from record.normalize import normalize_source

RENAMED_FROM, RENAMED_TO = "roger-kay-on-vmware-success", "roger-kay-on-success"
TEASER = "- 'SaaS data loss: The problem you didn’t know you had'\n"


def test_the_committed_registry_lists_every_published_id():
    """registry.yaml, as committed, already holds every id and paragraph the record publishes."""
    assert check_registry(REGISTRY, RECORD.timeline, RECORD.sources, RECORD.analysis) == []
    fresh = updated(REGISTRY, RECORD.timeline, RECORD.sources, analysis=RECORD.analysis)
    for kind in KINDS:
        assert fresh[kind] == REGISTRY.ids[kind], (
            f"run 'make build' and commit registry.yaml ({kind})"
        )
    assert fresh["paragraphs"] == REGISTRY.paragraphs
    assert fresh["comments"] == REGISTRY.comments
    assert REGISTRY.comments["vfront-2013"][:3] == ["c1", "c1-1", "c1-2"]


def test_a_vanished_comment_anchor_is_caught(project):
    path = project / "sources" / "register-2007.md"
    text = path.read_text()
    start = "  - start: <quote>Linux runs the World Wide Web</quote>\n"
    note = text[text.index("  c2:\n") : text.index("\n---\n") + 1]  # what is known of it
    assert start in text and note.startswith("  c2:\n    date:")
    # The second comment is no longer split off (and what was known of it is dropped with it).
    path.write_text(text.replace(start, "", 1).replace(note, "", 1))
    normalize_source(project, "register-2007")
    assert "reader comment #c2 was published but no longer exists" in problems_of(project)


def _rename_event(project, old: str, new: str) -> None:
    path = project / "timeline.yaml"
    text = path.read_text()
    assert f"- id: {old}\n" in text
    path.write_text(text.replace(f"- id: {old}\n", f"- id: {new}\n", 1))


def _retire(project, kind: str, old: str, mark: dict) -> None:
    path = project / "registry.yaml"
    data = yaml.safe_load(path.read_text())
    data["retired"] = {kind: {old: mark}}
    path.write_text(yaml.safe_dump(data))


def test_removing_a_published_id_fails_the_build_naming_it(project):
    _rename_event(project, RENAMED_FROM, RENAMED_TO)
    err = problems_of(project)
    assert (
        f"the event '{RENAMED_FROM}' was published (it is in registry.yaml) but no longer exists"
    ) in err
    assert "renamed_to" in err


def test_a_renamed_event_keeps_its_old_urls_working(project):
    """Built with MkDocs: the old page redirects to the new one, the old #anchor still lands."""
    _rename_event(project, RENAMED_FROM, RENAMED_TO)
    _retire(project, "events", RENAMED_FROM, {"renamed_to": RENAMED_TO})
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    redirect = (site / "timeline" / RENAMED_FROM / "index.html").read_text()
    assert 'http-equiv="refresh"' in redirect and f"timeline/{RENAMED_TO}/" in redirect
    timeline = (site / "timeline" / "index.html").read_text()
    assert f'id="{RENAMED_FROM}"' in timeline  # the old #anchor still lands on the event
    assert (site / "timeline" / RENAMED_TO / "index.html").exists()


def test_an_id_is_never_reused(project):
    _retire(
        project, "events", RENAMED_FROM, {"merged_into": "venturecake-house-of-cards-published"}
    )
    assert f"event id '{RENAMED_FROM}' is retired but used again" in problems_of(project)


def _drop_the_teaser(project) -> None:
    """A renumbering: the sponsored teaser, no longer removed as furniture, becomes p1."""
    path = project / "sources" / "register-2007.md"
    text = path.read_text()
    assert TEASER in text
    path.write_text(text.replace(TEASER, "", 1))
    normalize_source(project, "register-2007")


def test_a_paragraph_whose_text_changed_is_caught(project):
    _drop_the_teaser(project)
    err = problems_of(project)
    assert "sources/register-2007.md (paragraph p1): paragraph p1 now holds different text" in err
    assert (project / "sources" / "raw" / "register-2007.txt").exists()


def test_a_deliberate_correction_is_accepted_with_the_registry_script(project):
    """After re-normalizing a source on purpose, `registry.py --accept` records its new text."""
    _drop_the_teaser(project)
    assert "paragraph p1 now holds different text" in problems_of(project)
    script = project / "scripts" / "registry.py"
    spec = importlib.util.spec_from_file_location("registry_cli", script)
    cli = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cli)
    assert cli.main(["--accept", "register-2007"], project) == 0
    generate(project, SITE)  # builds now
    # The other sources' fingerprints were left as they were.
    before = yaml.safe_load((ROOT / "registry.yaml").read_text())["paragraphs"]
    after = yaml.safe_load((project / "registry.yaml").read_text())["paragraphs"]
    assert after["vfront-2013"] == before["vfront-2013"]
    assert after["register-2007"] != before["register-2007"]


def test_a_vanished_analysis_anchor_is_caught_and_a_retired_one_still_lands(project):
    """A discrepancy's anchor (/discrepancies/#id) is a published address like a page: renaming
    it stops the build until the old id is retired, and the old anchor then still lands."""
    path = project / "analysis" / "discrepancies.yaml"
    old = RECORD.analysis.discrepancies[0].id
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"  - id: {old}\n", "  - id: renamed-discrepancy\n", 1))
    report = problems_of(project)
    assert f"the discrepancy '{old}' was published" in report
    assert "analysis/discrepancies.yaml" in report
    registry = project / "registry.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace(
            "retired: {}",
            f"retired:\n  discrepancies:\n    {old}: {{renamed_to: renamed-discrepancy}}",
        ),
        encoding="utf-8",
    )
    files = generate(project, SITE)[1]
    assert f'<span class="anchor-alias" id="{old}"></span>' in files["discrepancies/index.md"]
