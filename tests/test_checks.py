"""Bad data stops the build with a message a maintainer can act on, and leaves site/ alone.

The messages are checked in process (``problems_of``: the report the MkDocs hook shows); one test
builds with MkDocs and one with `make build`, to show that a failed build keeps the last good site.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SITE, generate, mkdocs, problems_of

GOOD_EVENT = {
    "id": "test-event",
    "date": "2007-08-20",
    "title": "A test event",
    "summary": "Added by a test.",
    "people": ["christoph-hellwig"],
    "thread": "press",
    "claims": [
        {
            "source": "register-2007",
            "quote": "VMware representatives have not responded to our queries",
            "evidence": "statement",
        }
    ],
}
NOT_IN_REGISTER = [
    {"source": "register-2007", "quote": "not in the source at all", "evidence": "report"}
]


def add_event(project, **changes):
    """Append an event (GOOD_EVENT with ``changes``; None deletes a field) to timeline.yaml;
    return the line where it starts."""
    event = {**GOOD_EVENT, **changes}
    event = {k: v for k, v in event.items() if v is not None}
    path = project / "timeline.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.rstrip().splitlines()[-1].startswith(" "), (
        "events must be the last list in timeline.yaml"
    )
    block = yaml.safe_dump([event], allow_unicode=True, sort_keys=False, width=1000)
    line = text.rstrip("\n").count("\n") + 2  # where the new entry starts
    indented = "\n".join("  " + ln for ln in block.splitlines())
    path.write_text(text.rstrip("\n") + "\n" + indented + "\n")
    return line


def test_the_good_event_builds(project):
    """The event the other tests break is itself good: it gets its page."""
    add_event(project)
    _record, files = generate(project, SITE)
    assert "A test event" in files["timeline/test-event.md"]


def test_a_failed_mkdocs_build_leaves_the_last_good_site_untouched(project, site):
    """The hook checks the record before MkDocs empties site/: bad data leaves the old site whole,
    and MkDocs prints the problem, not a traceback."""
    shutil.copytree(site, project / "site")
    before = sorted(p.relative_to(project / "site") for p in (project / "site").rglob("*"))
    add_event(project, claims=NOT_IN_REGISTER)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode != 0, "the build should have failed"
    assert "quote not found in source 'register-2007'" in result.stderr
    assert "Traceback" not in result.stderr
    after = sorted(p.relative_to(project / "site") for p in (project / "site").rglob("*"))
    assert after == before, "a failed build must leave the last good site as it was"
    assert (project / "site" / "timeline" / "index.html").read_bytes() == (
        site / "timeline" / "index.html"
    ).read_bytes()


def test_make_build_swaps_in_a_new_site_only_when_the_build_succeeds(project):
    """`make build` builds beside site/ and keeps the last good site when the data is bad."""
    shutil.copy2(ROOT / "Makefile", project / "Makefile")
    # The test's interpreter already has the dependencies: no .venv to set up.
    make = ["make", "build", "STAMP=", f"BIN={Path(sys.executable).parent}"]
    built = subprocess.run(make, cwd=project, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    good = (project / "site" / "timeline" / "index.html").read_bytes()
    add_event(project, claims=NOT_IN_REGISTER)
    result = subprocess.run(make, cwd=project, capture_output=True, text=True)
    assert result.returncode != 0 and "quote not found in source 'register-2007'" in result.stderr
    assert (project / "site" / "timeline" / "index.html").read_bytes() == good


def test_a_quote_not_in_its_source(project):
    """The message points at the quote's own line and shows the closest passage of the source."""
    line = add_event(
        project,
        claims=[
            {
                "source": "register-2007",
                "quote": "VMware representatives have responded to all our queries",
                "evidence": "statement",
            }
        ],
    )
    err = problems_of(project)
    assert f"timeline.yaml:{line + 9}" in err  # the line of the quote itself (people takes two)
    assert "event 'test-event', claim #1" in err
    assert "quote not found in source 'register-2007'" in err
    assert '"VMware representatives have responded to all our queries"' in err
    assert "closest passage" in err and "have not responded to our queries" in err


def test_typographic_quotes_and_whitespace_may_differ(project):
    """A quote may use straight quotes where the source has curly ones, and other spacing."""
    add_event(
        project,
        claims=[
            {
                "source": "venturecake-2007",
                "quote": "So could you please  stop abusing the Linux code illegally in your "
                "project",
                "evidence": "report",
            }
        ],
    )
    generate(project, SITE)
    add_event(
        project,
        id="test-event-2",
        claims=[
            {
                "source": "venturecake-2007",
                "quote": "I've no official opinion on Christophs view at this point",
                "evidence": "statement",
            }
        ],
    )
    record, _files = generate(project, SITE)
    assert {"test-event", "test-event-2"} <= {event.id for event in record.events}


def test_other_differences_are_not_tolerated(project):
    """A change of case is a different quote."""
    add_event(
        project,
        claims=[
            {
                "source": "venturecake-2007",
                "quote": "So could you please stop abusing the linux code illegally in your "
                "project",
                "evidence": "report",
            }
        ],
    )
    assert "quote not found in source 'venturecake-2007'" in problems_of(project)


def test_an_unknown_source(project):
    add_event(
        project,
        claims=[
            {
                "source": "the-guardian-2007",
                "quote": "anything at all, at length",
                "evidence": "report",
            }
        ],
    )
    err = problems_of(project)
    assert "unknown source 'the-guardian-2007'" in err and "event 'test-event', claim #1" in err
    assert "register-2007" in err  # lists the known ones


def test_an_unknown_person(project):
    add_event(project, people=["linus-torvald"])
    err = problems_of(project)
    assert "unknown person 'linus-torvald'" in err and "event 'test-event'" in err


def test_an_unknown_thread(project):
    add_event(project, thread="gossip")
    assert "unknown thread 'gossip'" in problems_of(project)


def test_a_duplicate_event_id(project):
    add_event(project, id="vmware-ipo")
    err = problems_of(project)
    assert "duplicate event id 'vmware-ipo'" in err and "never reuse" in err


@pytest.mark.parametrize(
    "date, why",
    [
        ("2007-02-30", "is not a real date"),
        ("2007-13", "is not a real date"),
        ("Aug 2007", "is not an EDTF date of a supported form"),
        ("2007/08/13", "is not an EDTF date of a supported form"),
    ],
)
def test_impossible_or_malformed_dates(project, date, why):
    """A date must be EDTF and real; the message points at the date's own line."""
    line = add_event(project, date=date)
    err = problems_of(project)
    assert f"timeline.yaml:{line + 1} (event 'test-event'): date '{date}' {why}" in err


def test_an_unquoted_date_is_read_as_written(project):
    """YAML reads an unquoted 2007-08-20 as a date object: it still means that day."""
    path = project / "timeline.yaml"
    add_event(project)
    text = path.read_text()
    assert "date: '2007-08-20'" in text
    path.write_text(text.replace("date: '2007-08-20'", "date: 2007-08-20"))
    _record, files = generate(project, SITE)
    assert '<time datetime="2007-08-20">20 August 2007</time>' in files["timeline/test-event.md"]


@pytest.mark.parametrize("field", ["title", "summary", "date", "claims"])
def test_a_missing_required_field(project, field):
    add_event(project, **{field: None})
    err = problems_of(project)
    assert "event 'test-event'" in err
    assert (f"missing required field '{field}'" in err) or ("needs at least one claim" in err)


def test_a_missing_id(project):
    add_event(project, id=None)
    assert "missing required field 'id'" in problems_of(project)


def test_a_bad_id(project):
    add_event(project, id="Test Event")
    assert "id 'Test Event' is not a lowercase slug" in problems_of(project)


def test_a_yaml_syntax_error_names_the_line(project):
    path = project / "timeline.yaml"
    lines = path.read_text().splitlines()
    lines.append("  - id: broken")
    lines.append("    title: [unclosed")
    path.write_text("\n".join(lines) + "\n")
    err = problems_of(project)
    assert "timeline.yaml:" in err and "YAML syntax error" in err


def test_every_problem_is_reported_at_once(project):
    add_event(project, people=["nobody"], thread="nothing")
    err = problems_of(project)
    assert "unknown person 'nobody'" in err and "unknown thread 'nothing'" in err
    assert "The record has 2 problems" in err


def test_a_source_missing_required_fields(project):
    path = project / "sources" / "register-2007.md"
    text = path.read_text()
    assert "outlet: The Register\n" in text
    path.write_text(text.replace("outlet: The Register\n", ""))
    err = problems_of(project)
    assert "sources/register-2007.md" in err and "required fields missing: outlet" in err


def test_a_misspelt_field(project):
    add_event(project, tittle="A typo")
    err = problems_of(project)
    assert "unknown field 'tittle'" in err and "Check the spelling" in err
