"""Ingest of every input kind, rejections, duplicates and re-ingest, on fixtures written for the project."""
from __future__ import annotations

import gzip
import io
import json
import shutil

import pytest

import claimgraph


def by_id(cg):
    return {d["id"]: d for d in cg.documents()}


def test_plain_text_is_stored_unchanged_with_stem_as_id(cg, fixtures):
    report = cg.ingest([fixtures / "port_strike.txt"])
    assert (report.accepted, report.duplicates, report.rejected) == (1, 0, 0)
    doc = cg.document("port_strike")
    assert doc.text == (fixtures / "port_strike.txt").read_text(encoding="utf-8")
    assert doc.language == "en"
    assert doc.input_kind == "txt"


def test_id_title_publisher_published_options(cg, fixtures):
    cg.ingest([fixtures / "port_strike.txt"], doc_id="halden-1", title="Strike", publisher="Harbour Times",
              published="3 June 2024")
    doc = cg.document("halden-1")
    assert (doc.title, doc.publisher, doc.published) == ("Strike", "Harbour Times", "2024-06-03")
    assert cg.document("port_strike") is None


def test_html_main_text_without_boilerplate_and_metadata(cg, fixtures):
    cg.ingest([fixtures / "ministry_page.html"])
    doc = cg.document("ministry_page")
    assert "driest July in forty years" in doc.text
    assert "Paul Meyer" in doc.text
    for boilerplate in ("cookies", "Subscribe now", "All rights reserved", "Ten recipes", "Privacy policy"):
        assert boilerplate not in doc.text
    assert doc.title == "Water rationing to begin in three districts"
    assert doc.author == "Lena Hoffmann"
    assert doc.published.startswith("2024-08-02")
    assert doc.publisher == "The Valley Courier"


def test_rss_feed_each_entry_a_document(cg, fixtures):
    report = cg.ingest([fixtures / "regional_news.rss"])
    assert report.accepted == 3
    docs = cg.documents()
    assert {d["title"] for d in docs} == {"Ferry service suspended after storm damage",
                                          "Hospital opens new emergency wing", "School roof repairs finished early"}
    ferry = next(d for d in docs if d["title"].startswith("Ferry"))
    assert ferry["url"] == "https://gazette.example.org/news/ferry-suspended"
    assert ferry["published"].startswith("2024-11-12T08:30")
    assert ferry["publisher"] == "Northern Gazette"
    text = cg.document(ferry["id"]).text
    assert text.splitlines() == ["The island ferry will not run until Friday after waves damaged the landing ramp, "
                                 "the operator said on Monday.", "A spokesman said engineers were assessing the ramp."]
    school = next(d for d in docs if d["title"].startswith("School"))
    assert "alert" not in cg.document(school["id"]).text
    assert [i.input.rsplit("#", 1)[1] for i in report.items] == ["entry 1", "entry 2", "entry 3"]


def test_atom_feed_content_and_summary(cg, fixtures):
    report = cg.ingest([fixtures / "science_desk.atom"])
    assert report.accepted == 2
    docs = {d["title"]: d for d in cg.documents()}
    glacier = docs["Glacier retreat measured from space"]
    assert glacier["url"] == "https://science.example.net/glacier-retreat"
    assert glacier["published"].startswith("2024-10-02")
    assert cg.document(glacier["id"]).text.startswith("Satellite images show the glacier lost 1.2 kilometres")
    assert "2,400 metres" in cg.document(docs["New species of frog found in cloud forest"]["id"]).text


def test_jsonl_keeps_ids_and_rejects_only_bad_lines(cg, fixtures):
    report = cg.ingest([fixtures / "mixed.jsonl"])
    assert sorted(by_id(cg)) == ["6", "wire-001", "wire-002"]
    rejected = {i.input.rsplit("#", 1)[1]: i.reason for i in report.items if i.status == "rejected"}
    assert set(rejected) == {"line 3", "line 4", "line 5", "line 6"}
    assert "invalid JSON" in rejected["line 3"]
    assert "no 'text'" in rejected["line 4"]
    assert "not an object" in rejected["line 5"]
    assert rejected["line 6"] == "empty text"
    wire1 = cg.document("wire-001")
    assert (wire1.title, wire1.publisher, wire1.published, wire1.url) == (
        "Central bank holds rates", "Wire Service", "2024-09-19", "https://wire.example.com/rates")
    assert cg.document("wire-002").published == "2024-09-22"  # normalised from '22 September 2024'
    assert cg.document("wire-002").text.endswith("\n\nAt least 12 people were taken to hospital.")


def test_directory_is_read_recursively(cg, fixtures):
    report = cg.ingest([fixtures / "articles"])
    assert sorted(by_id(cg)) == ["bridge_inspection", "council_budget"]
    assert report.accepted == 2


def test_stdin(cg, fixtures):
    data = (fixtures / "port_strike.txt").read_bytes()
    report = cg.ingest(["-"], stdin=io.BytesIO(data), doc_id="from-stdin")
    assert report.accepted == 1
    assert cg.document("from-stdin").text == data.decode()
    report = cg.ingest(["-"], stdin=io.BytesIO((fixtures / "mixed.jsonl").read_bytes()))
    assert {"wire-001", "wire-002", "6"} <= set(by_id(cg))


def test_exact_duplicate_is_not_stored_twice(cg, fixtures, tmp_path):
    copy = tmp_path / "copy_of_strike.txt"
    shutil.copy(fixtures / "port_strike.txt", copy)
    cg.ingest([fixtures / "port_strike.txt"])
    report = cg.ingest([copy])
    assert report.duplicates == 1 and report.accepted == 0
    assert report.items[0].duplicate_of == "port_strike"
    assert list(by_id(cg)) == ["port_strike"]


def test_syndicated_copy_is_stored_and_marked(cg, fixtures):
    report = cg.ingest([fixtures / "port_strike.txt", fixtures / "port_strike_syndicated.txt",
                        fixtures / "articles"])
    docs = by_id(cg)
    assert docs["port_strike_syndicated"]["duplicate_of"] == "port_strike"
    assert docs["port_strike"]["duplicate_of"] is None
    assert docs["bridge_inspection"]["duplicate_of"] is None and docs["council_budget"]["duplicate_of"] is None
    assert report.near_duplicates == 1
    assert "near-duplicate of port_strike" in report.items[1].reason


def test_copy_of_a_copy_points_to_the_first(cg, fixtures, tmp_path):
    third = tmp_path / "third_copy.txt"
    third.write_text((fixtures / "port_strike_syndicated.txt").read_text().replace("second week", "2nd week"))
    cg.ingest([fixtures / "port_strike.txt", fixtures / "port_strike_syndicated.txt", third])
    assert by_id(cg)["third_copy"]["duplicate_of"] == "port_strike"


def test_reingest_adds_nothing(cg, fixtures):
    inputs = [fixtures / "port_strike.txt", fixtures / "regional_news.rss", fixtures / "mixed.jsonl",
              fixtures / "ministry_page.html", fixtures / "articles"]
    first = cg.ingest(inputs)
    before = cg.export()
    second = cg.ingest(inputs)
    assert second.accepted == 0
    assert second.duplicates == first.accepted
    assert cg.export() == before


def test_same_id_with_other_text_is_rejected(cg, fixtures, tmp_path):
    other = tmp_path / "port_strike.txt"
    other.write_text("A completely different story about a county fair and its prize-winning pumpkins.")
    cg.ingest([fixtures / "port_strike.txt"])
    report = cg.ingest([other])
    assert report.rejected == 1
    assert "already used" in report.items[0].reason
    assert "pumpkins" not in cg.document("port_strike").text


@pytest.mark.parametrize("name, content, reason", [
    ("empty.txt", b"", "empty text"),
    ("blank.txt", b"  \n\t \n", "empty text"),
    ("image.txt", bytes(range(256)) * 20, "binary data"),
    ("nul.txt", b"some words\x00\x00\x00\x00 and more", "binary data"),
    ("broken.rss", b"<?xml version='1.0'?><rss><channel><item><title>x</ti", "unreadable feed"),
    ("nothing.html", b"<html><body><nav>Home</nav><script>var a=1;</script></body></html>", "unreadable page"),
])
def test_rejection_reasons(cg, tmp_path, fixtures, name, content, reason):
    bad = tmp_path / name
    bad.write_bytes(content)
    report = cg.ingest([bad, fixtures / "port_strike.txt"])
    assert report.accepted == 1, "the good input in the same batch is stored"
    [rejected] = [i for i in report.items if i.status == "rejected"]
    assert reason in rejected.reason
    journal = cg.journal(status="rejected")
    assert journal[-1]["input"] == str(bad) and reason in journal[-1]["reason"]


def test_undecodable_text_is_rejected_but_latin1_is_read(cg, tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Le ministère a déclaré que la réunion était reportée à la semaine prochaine.".encode("latin-1"))
    report = cg.ingest([latin])
    assert report.accepted == 1
    assert "ministère" in cg.document("latin").text
    assert cg.document("latin").language == "fr"


def test_size_limit(db_path, fixtures, tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("word " * 3000)
    with claimgraph.open(db_path, max_bytes=10_000) as cg:
        report = cg.ingest([big, fixtures / "port_strike.txt"])
    [rej] = [i for i in report.items if i.status == "rejected"]
    assert "over the size limit" in rej.reason and report.accepted == 1


def test_jsonl_line_over_size_limit(db_path, tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"id": "big", "text": "x " * 8000}) + "\n" +
                    json.dumps({"id": "small", "text": "The mayor said the park would reopen in May."}) + "\n")
    with claimgraph.open(db_path, max_bytes=5_000) as cg:
        report = cg.ingest([path])
        assert [d["id"] for d in cg.documents()] == ["small"]
    assert "over the size limit" in report.items[0].reason


def test_missing_path_is_rejected_and_journalled(cg, fixtures):
    report = cg.ingest(["/no/such/file.txt", fixtures / "port_strike.txt"])
    assert report.items[0].status == "rejected" and "no such file" in report.items[0].reason
    assert report.accepted == 1


def test_language_detection_for_non_english(cg, tmp_path):
    uk = tmp_path / "uk.txt"
    uk.write_text("Міністерство оборони заявило, що війська перетнули кордон у вівторок увечері.", encoding="utf-8")
    cg.ingest([uk])
    assert cg.document("uk").language == "uk"


def test_gzip_file_is_binary_not_text(cg, tmp_path):
    gz = tmp_path / "archive.txt"
    gz.write_bytes(gzip.compress(b"hello world " * 100))
    report = cg.ingest([gz])
    assert report.rejected == 1 and "binary" in report.items[0].reason
