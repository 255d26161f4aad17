"""Bad data stops the build with a message a maintainer can act on, and leaves site/ alone."""
from __future__ import annotations

import shutil

import pytest
import yaml
from conftest import mkdocs

GOOD_EVENT = {
    "id": "test-event",
    "date": "2007-08-20",
    "title": "A test event",
    "summary": "Added by a test.",
    "people": ["christoph-hellwig"],
    "thread": "press",
    "claims": [{"source": "register-2007", "quote": "VMware representatives have not responded to our queries"}],
}


def add_event(project, **changes):
    """Append an event (GOOD_EVENT with ``changes``; None deletes a field) to timeline.yaml."""
    event = {**GOOD_EVENT, **changes}
    event = {k: v for k, v in event.items() if v is not None}
    path = project / "timeline.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.rstrip().splitlines()[-1].startswith(" "), "events must be the last list in timeline.yaml"
    block = yaml.safe_dump([event], allow_unicode=True, sort_keys=False, width=1000)
    line = text.rstrip("\n").count("\n") + 2  # where the new entry starts
    path.write_text(text.rstrip("\n") + "\n" + "\n".join("  " + ln for ln in block.splitlines()) + "\n")
    return line


def build_fails(project, site):
    """Build the broken project over a good site; return stderr after checking the site survived."""
    shutil.copytree(site, project / "site")
    before = sorted(p.relative_to(project / "site") for p in (project / "site").rglob("*"))
    result = mkdocs(project, "build", "--strict")
    assert result.returncode != 0, "the build should have failed"
    assert "Traceback" not in result.stderr
    after = sorted(p.relative_to(project / "site") for p in (project / "site").rglob("*"))
    assert after == before, "a failed build must leave the last good site as it was"
    assert (project / "site" / "timeline" / "index.html").read_bytes() == \
        (site / "timeline" / "index.html").read_bytes()
    return result.stderr


def test_the_good_event_builds(project):
    add_event(project)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "timeline" / "test-event" / "index.html").exists()


def test_a_quote_not_in_its_source(project, site):
    line = add_event(project, claims=[{"source": "register-2007",
                                       "quote": "VMware representatives have responded to all our queries"}])
    err = build_fails(project, site)
    assert f"timeline.yaml:{line + 9}" in err  # the line of the quote itself (people takes two)
    assert "event 'test-event', claim #1" in err
    assert "quote not found in source 'register-2007'" in err
    assert '"VMware representatives have responded to all our queries"' in err
    assert "closest passage" in err and "have not responded to our queries" in err


def test_typographic_quotes_and_whitespace_may_differ(project):
    add_event(project, claims=[{"source": "venturecake-2007",
                                "quote": "So could you please  stop abusing the Linux code illegally in your project"}])
    assert mkdocs(project, "build", "--strict").returncode == 0
    add_event(project, id="test-event-2", claims=[{
        "source": "venturecake-2007", "quote": "I've no official opinion on Christophs view at this point"}])
    assert mkdocs(project, "build", "--strict").returncode == 0


def test_other_differences_are_not_tolerated(project, site):
    add_event(project, claims=[{"source": "venturecake-2007",
                                "quote": "So could you please stop abusing the linux code illegally in your project"}])
    assert "quote not found in source 'venturecake-2007'" in build_fails(project, site)


def test_an_unknown_source(project, site):
    add_event(project, claims=[{"source": "the-guardian-2007", "quote": "anything"}])
    err = build_fails(project, site)
    assert "unknown source 'the-guardian-2007'" in err and "event 'test-event', claim #1" in err
    assert "register-2007" in err  # lists the known ones


def test_an_unknown_person(project, site):
    add_event(project, people=["linus-torvald"])
    err = build_fails(project, site)
    assert "unknown person 'linus-torvald'" in err and "event 'test-event'" in err


def test_an_unknown_thread(project, site):
    add_event(project, thread="gossip")
    assert "unknown thread 'gossip'" in build_fails(project, site)


def test_a_duplicate_event_id(project, site):
    add_event(project, id="vmware-ipo")
    err = build_fails(project, site)
    assert "duplicate event id 'vmware-ipo'" in err and "never reuse" in err


@pytest.mark.parametrize("date, why", [
    ("2007-02-30", "is not a real date"),
    ("2007-13", "is not a real date"),
    ("Aug 2007", "is not written YYYY, YYYY-MM or YYYY-MM-DD"),
    ("2007/08/13", "is not written YYYY, YYYY-MM or YYYY-MM-DD"),
])
def test_impossible_or_malformed_dates(project, site, date, why):
    line = add_event(project, date=date)
    err = build_fails(project, site)
    assert f"timeline.yaml:{line + 1} (event 'test-event'): date '{date}' {why}" in err   # the date's own line


def test_an_unquoted_date_is_read_as_written(project):
    path = project / "timeline.yaml"
    add_event(project)
    path.write_text(path.read_text().replace("date: '2007-08-20'", "date: 2007-08-20"))
    assert mkdocs(project, "build", "--strict").returncode == 0
    assert '<time datetime="2007-08-20">20 August 2007</time>' in \
        (project / "site" / "timeline" / "test-event" / "index.html").read_text()


@pytest.mark.parametrize("field", ["title", "summary", "date", "claims"])
def test_a_missing_required_field(project, site, field):
    add_event(project, **{field: None})
    err = build_fails(project, site)
    assert "event 'test-event'" in err
    assert (f"missing required field '{field}'" in err) or ("needs at least one claim" in err)


def test_a_missing_id(project, site):
    add_event(project, id=None)
    assert "missing required field 'id'" in build_fails(project, site)


def test_a_bad_id(project, site):
    add_event(project, id="Test Event")
    assert "id 'Test Event' is not a lowercase slug" in build_fails(project, site)


def test_a_yaml_syntax_error_names_the_line(project, site):
    path = project / "timeline.yaml"
    lines = path.read_text().splitlines()
    lines.append("  - id: broken")
    lines.append("    title: [unclosed")
    path.write_text("\n".join(lines) + "\n")
    err = build_fails(project, site)
    assert "timeline.yaml:" in err and "YAML syntax error" in err


def test_every_problem_is_reported_at_once(project, site):
    add_event(project, people=["nobody"], thread="nothing")
    err = build_fails(project, site)
    assert "unknown person 'nobody'" in err and "unknown thread 'nothing'" in err
    assert "The record has 2 problems" in err


def test_a_source_missing_required_fields(project, site):
    path = project / "sources" / "register-2007.md"
    path.write_text(path.read_text().replace("outlet: The Register\n", ""))
    err = build_fails(project, site)
    assert "sources/register-2007.md" in err and "required fields missing: outlet" in err


def test_make_build_swaps_in_a_new_site_only_when_the_build_succeeds(project):
    """`make build` builds beside site/ and keeps the last good site when the data is bad."""
    import subprocess
    import sys
    from pathlib import Path
    from conftest import ROOT
    shutil.copy2(ROOT / "Makefile", project / "Makefile")
    # The test's interpreter already has the dependencies: no .venv to set up.
    make = ["make", "build", "STAMP=", f"BIN={Path(sys.executable).parent}"]
    assert subprocess.run(make, cwd=project, capture_output=True, text=True).returncode == 0
    good = (project / "site" / "timeline" / "index.html").read_bytes()
    add_event(project, claims=[{"source": "register-2007", "quote": "not in the source at all"}])
    result = subprocess.run(make, cwd=project, capture_output=True, text=True)
    assert result.returncode != 0 and "quote not found in source 'register-2007'" in result.stderr
    assert (project / "site" / "timeline" / "index.html").read_bytes() == good


def test_a_misspelt_field(project, site):
    add_event(project, tittle="A typo")
    err = build_fails(project, site)
    assert "unknown field 'tittle'" in err and "Check the spelling" in err
