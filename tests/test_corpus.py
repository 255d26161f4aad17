"""The corpus: captured texts kept byte for byte, normalized without losing a line."""

from __future__ import annotations

import hashlib
import re

import pytest
import yaml

from conftest import RECORD, ROOT, SEEDS, page, problems_of
from record.load.sources import split_front_matter
from record.normalize import normalize_body, normalize_source
from record.text import fold

SOURCES = RECORD.sources
# Every source in sources/, not a fixed list: a source added by the README's steps is checked too.
SOURCE_IDS = sorted(path.stem for path in (ROOT / "sources").glob("*.md"))
SEED_FILES = sorted(p.name for p in SEEDS.glob("*.txt")) if SEEDS.exists() else []


NO_SEEDS = "../shared/seeds (the captured texts) is not beside the repository; see README, 'Tests'"


@pytest.mark.skipif(not SEEDS.exists(), reason=NO_SEEDS)
@pytest.mark.parametrize("seed", SEED_FILES)
def test_each_captured_seed_is_kept_byte_for_byte_as_a_source(seed):
    data = (SEEDS / seed).read_bytes()
    kept = [
        path.stem for path in (ROOT / "sources" / "raw").glob("*.txt") if path.read_bytes() == data
    ]
    assert kept, f"no sources/raw/<id>.txt holds the seed {seed} byte for byte"


def test_the_seeds_are_the_five_texts_of_the_record():
    if not SEEDS.exists():
        pytest.skip(NO_SEEDS)
    assert len(SEED_FILES) == 5


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_front_matter_checksum_is_the_captured_texts(source_id):
    raw = (ROOT / "sources" / "raw" / f"{source_id}.txt").read_bytes()
    assert SOURCES[source_id].prov.captured_sha256 == hashlib.sha256(raw).hexdigest()


def _front_matter(source_id: str) -> dict:
    path = ROOT / "sources" / f"{source_id}.md"
    return yaml.safe_load(split_front_matter(path.read_text(encoding="utf-8"), path)[0])


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_front_matter_has_every_provenance_field(source_id):
    prov = SOURCES[source_id].prov
    for field in ("title", "outlet", "kind", "original_url", "archive_url"):
        assert getattr(prov, field), field
    assert prov.published is not None
    assert _front_matter(source_id).get("furniture") is not None  # declared, even when empty
    assert prov.archive_url.startswith("https://web.archive.org/web/")
    assert prov.authors or prov.authors_note


def _strip_marker(line: str) -> str:
    return re.sub(r"^\s*(•|\d+[.)])\s+", "", line)


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_no_captured_line_is_lost(source_id):
    """Every line is in the body, in order, or declared as furniture or a header line."""
    source = SOURCES[source_id]
    declared = {fold(x) for x in source.prov.furniture + source.prov.metadata_lines}
    body = fold(" ".join(b.text for b in source.blocks))
    position = 0
    for number, line in enumerate(source.raw_text.split("\n"), start=1):
        if not line.strip():
            continue
        wanted = fold(_strip_marker(line))
        found = body.find(wanted, position)
        if found >= 0:
            position = found + len(wanted)
        else:
            assert fold(line) in declared, f"{source_id}: captured line {number} lost: {line!r}"


def test_furniture_is_gone_from_the_body():
    body = " ".join(b.text for b in SOURCES["register-2007"].blocks)
    assert "SaaS data loss" not in body
    assert "Agentless Backup is Not a Myth" not in body
    vmblog = " ".join(b.text for b in SOURCES["vmblog-2007"].blocks)
    assert "SuMoTuWeThFrSa" not in vmblog and "Registration is free" not in vmblog


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_normalizing_again_reproduces_the_committed_file(source_id):
    path = ROOT / "sources" / f"{source_id}.md"
    _head, body, _ = split_front_matter(path.read_text(encoding="utf-8"), path)
    raw = (ROOT / "sources" / "raw" / f"{source_id}.txt").read_text(encoding="utf-8")
    assert normalize_body(raw, _front_matter(source_id)) == body


def test_structure_of_the_original_is_kept():
    venturecake = SOURCES["venturecake-2007"]
    kinds = {b.kind for b in venturecake.blocks}
    assert {"heading", "paragraph", "quote", "item"} <= kinds
    assert [c.author for c in venturecake.comments] == ["Alan Cox [ ]", "Zachary Amsden", None]
    assert venturecake.comments[2].parent == "c2"  # the "Ed:" reply answers Amsden
    vfront = SOURCES["vfront-2013"]
    top = [c for c in vfront.comments if c.parent is None]
    assert len(top) == 16
    assert len(vfront.comments) == 32  # the blog's own count: 16 comments and 16 replies


def test_markup_characters_read_as_text_on_the_site(site):
    register = page(site, "sources/register-2007")
    assert "<quote>Linux runs the World Wide Web</quote>" in "".join(register.text_parts)
    vfront = page(site, "sources/vfront-2013")
    assert "VMkernel **** 5.1.0 #1 SMP" in "".join(vfront.text_parts)
    assert "x86_64 GNU/Linux" in "".join(vfront.text_parts)


def test_lost_links_stay_visible(site):
    html = (site / "sources" / "venturecake-2007" / "index.html").read_text()
    assert html.count('class="lost-link"') == SOURCES["venturecake-2007"].raw_text.count("[ ]")


def test_make_source_creates_a_source_the_build_refuses_until_filled(project):
    capture = project / "capture.txt"
    capture.write_text("A new article\n\nBy Someone\n\nIt said something about VMware & <Linux>.\n")
    normalize_source(project, "new-source-2020", capture)
    raw = project / "sources" / "raw" / "new-source-2020.txt"
    assert raw.read_bytes() == capture.read_bytes()
    md = (project / "sources" / "new-source-2020.md").read_text()
    assert "It said something about VMware \\& \\<Linux\\>." in md
    err = problems_of(project)
    assert "sources/new-source-2020.md" in err
    assert "fields still unfilled" in err
    for field in ("title", "outlet", "kind", "published", "original_url", "archive_url"):
        assert field in err


def test_a_changed_captured_text_is_refused(project):
    raw = project / "sources" / "raw" / "register-2007.txt"
    raw.write_text(raw.read_text() + "\nan added line")
    assert "captured_sha256 does not match sources/raw/register-2007.txt" in problems_of(project)


def test_normalizing_twice_changes_nothing(project):
    before = (project / "sources" / "vfront-2013.md").read_bytes()
    normalize_source(project, "vfront-2013")
    assert (project / "sources" / "vfront-2013.md").read_bytes() == before


def test_a_different_capture_cannot_overwrite_a_source(project, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("something else")
    with pytest.raises(SystemExit, match="already holds a different captured text"):
        normalize_source(project, "register-2007", other)


def test_a_body_not_in_nfc_form_is_refused_with_a_message(project):
    path = project / "sources" / "vmblog-2007.md"
    text = path.read_text()
    assert "proprietary (closed source)" in text
    # "e" + combining acute accent: NFD, where NFC has the single character "é".
    path.write_text(
        text.replace("proprietary (closed source)", "proprietary (closed source) cafe\u0301", 1)
    )
    assert (
        "sources/vmblog-2007.md (source 'vmblog-2007'): the body is not in Unicode NFC form"
        in problems_of(project)
    )
