"""Published ids never break: the registry refuses a vanished id unless it is marked, then redirects."""
from __future__ import annotations

import yaml
from conftest import ROOT, mkdocs

from record.build import load_record
from record.registry import load_registry, updated


def test_the_committed_registry_lists_every_published_id():
    record = load_record(ROOT)
    registry, problems = load_registry(ROOT / "registry.yaml")
    assert not problems
    fresh = updated(registry, record)
    for kind in ("events", "sources", "people"):
        assert fresh[kind] == registry.ids[kind], f"run 'make build' and commit registry.yaml ({kind})"
    assert fresh["paragraphs"] == registry.paragraphs
    assert fresh["comments"] == registry.comments
    assert registry.comments["vfront-2013"][:3] == ["c1", "c1-1", "c1-2"]


def test_a_vanished_comment_anchor_is_caught(project):
    path = project / "sources" / "register-2007.md"
    text = path.read_text()
    start = "  - start: <quote>Linux runs the World Wide Web</quote>\n"
    assert start in text
    path.write_text(text.replace(start, "", 1))  # the second comment is no longer split off
    from record.normalize import normalize_source
    normalize_source(project, "register-2007")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode != 0
    assert "reader comment #c2 was published but no longer exists" in result.stderr


def _rename_event(project, old: str, new: str) -> None:
    path = project / "timeline.yaml"
    path.write_text(path.read_text().replace(f"- id: {old}\n", f"- id: {new}\n", 1))


def test_removing_a_published_id_fails_the_build_naming_it(project):
    _rename_event(project, "roger-kay-on-vmware-success", "roger-kay-on-success")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode != 0
    assert "the event 'roger-kay-on-vmware-success' was published (it is in registry.yaml) but no longer exists" in result.stderr
    assert "renamed_to" in result.stderr and "Traceback" not in result.stderr


def test_a_renamed_event_keeps_its_old_urls_working(project):
    _rename_event(project, "roger-kay-on-vmware-success", "roger-kay-on-success")
    path = project / "registry.yaml"
    data = yaml.safe_load(path.read_text())
    data["retired"] = {"events": {"roger-kay-on-vmware-success": {"renamed_to": "roger-kay-on-success"}}}
    path.write_text(yaml.safe_dump(data))
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    redirect = (project / "site" / "timeline" / "roger-kay-on-vmware-success" / "index.html").read_text()
    assert 'http-equiv="refresh"' in redirect and "timeline/roger-kay-on-success/" in redirect
    timeline = (project / "site" / "timeline" / "index.html").read_text()
    assert 'id="roger-kay-on-vmware-success"' in timeline  # the old #anchor still lands on the event
    assert (project / "site" / "timeline" / "roger-kay-on-success" / "index.html").exists()


def test_an_id_is_never_reused(project):
    path = project / "registry.yaml"
    data = yaml.safe_load(path.read_text())
    data["retired"] = {"events": {"roger-kay-on-vmware-success": {"merged_into": "venturecake-house-of-cards-published"}}}
    path.write_text(yaml.safe_dump(data))
    result = mkdocs(project, "build", "--strict")
    assert result.returncode != 0
    assert "event id 'roger-kay-on-vmware-success' is retired but used again" in result.stderr


def test_a_paragraph_whose_text_changed_is_caught(project):
    path = project / "sources" / "register-2007.md"
    raw = project / "sources" / "raw" / "register-2007.txt"
    # A renumbering: the sponsored teaser no longer removed as furniture becomes p1.
    text = path.read_text()
    line = "- 'SaaS data loss: The problem you didn’t know you had'\n"
    assert line in text
    path.write_text(text.replace(line, "", 1))
    from record.normalize import normalize_source
    normalize_source(project, "register-2007")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode != 0
    assert "sources/register-2007.md (paragraph p1): paragraph p1 now holds different text" in result.stderr
    assert raw.exists()


def test_a_deliberate_correction_is_accepted_with_the_registry_script(project):
    """After re-normalizing a source on purpose, `registry.py --accept` records its new text."""
    import importlib.util
    path = project / "sources" / "register-2007.md"
    line = "- 'SaaS data loss: The problem you didn’t know you had'\n"
    path.write_text(path.read_text().replace(line, "", 1))
    from record.normalize import normalize_source
    normalize_source(project, "register-2007")
    assert mkdocs(project, "build", "--strict").returncode != 0
    spec = importlib.util.spec_from_file_location("registry_cli", project / "scripts" / "registry.py")
    cli = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cli)
    assert cli.main(["--accept", "register-2007"], project) == 0
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    # The other sources' fingerprints were left as they were.
    before = yaml.safe_load((ROOT / "registry.yaml").read_text())["paragraphs"]
    after = yaml.safe_load((project / "registry.yaml").read_text())["paragraphs"]
    assert after["vfront-2013"] == before["vfront-2013"] and after["register-2007"] != before["register-2007"]
