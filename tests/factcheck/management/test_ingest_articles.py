import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from factcheck.models import Article

SEEDS = Path(__file__).resolve().parents[4] / "shared" / "seeds"


def ingest(*paths, **options) -> str:
    out = StringIO()
    call_command("ingest_articles", *map(str, paths), stdout=out, **options)
    return out.getvalue()


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the repository")
@pytest.mark.django_db
def test_ingesting_the_seed_reports_loads_all_five_with_their_catalog_metadata():
    catalog = {entry["file"]: entry for entry in json.loads((SEEDS / "catalog.json").read_text())}
    output = ingest(SEEDS)
    assert "total: created 5, duplicate 0, rejected 0" in output
    assert Article.objects.count() == 5
    for name, entry in catalog.items():
        body = (SEEDS / name).read_text(encoding="utf-8")
        article = Article.objects.get(body=body)
        assert article.publisher.name == entry["publisher"]
        assert article.published_at.date().isoformat() == entry["published"]
    again = ingest(SEEDS)
    assert "total: created 0, duplicate 5, rejected 0" in again
    assert Article.objects.count() == 5


@pytest.mark.django_db
def test_txt_uses_the_sidecar_catalog_and_its_first_line_as_title(tmp_path):
    (tmp_path / "quake.txt").write_text("Quake hits the valley\nAt least 40 people died.\n")
    (tmp_path / "catalog.json").write_text(
        json.dumps(
            [
                {
                    "file": "quake.txt",
                    "url": "https://news.example.org/quake",
                    "publisher": "Valley Post",
                    "published": "2023-02-07",
                },
            ]
        )
    )
    output = ingest(tmp_path)
    assert "quake.txt: created 1, duplicate 0, rejected 0" in output
    article = Article.objects.get()
    assert article.title == "Quake hits the valley"
    assert article.url == "https://news.example.org/quake"
    assert article.publisher.name == "Valley Post"
    assert article.body == "Quake hits the valley\nAt least 40 people died.\n"


@pytest.mark.django_db
def test_json_and_jsonl_records_are_validated_like_the_api(tmp_path):
    (tmp_path / "batch.json").write_text(
        json.dumps(
            [
                {"body": "First report: 12 people were hurt.", "title": "One"},
                {"body": "", "title": "Empty"},
                {"body": "Third report.", "published_at": "not a date"},
                "not an object",
            ]
        )
    )
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"body": "Feed item one: 3 people died.", "publisher": "Feed"})
        + "\n"
        + "{broken json\n"
        + "\n"
        + json.dumps({"body": "Feed item two.", "colour": "blue"})
        + "\n"
    )
    output = ingest(tmp_path)
    assert "batch.json: created 1, duplicate 0, rejected 3" in output
    assert "batch.json[1]: body: The body is empty." in output
    assert "batch.json[2]: published_at:" in output
    assert "batch.json[3]: expected an object" in output
    assert "feed.jsonl: created 1, duplicate 0, rejected 2" in output
    assert "feed.jsonl:2: invalid JSON" in output
    assert "feed.jsonl:4: colour: Unknown field." in output
    assert Article.objects.count() == 2


@pytest.mark.django_db
def test_bad_files_are_reported_and_skipped_while_the_rest_loads(tmp_path):
    (tmp_path / "a_latin1.txt").write_bytes("Caf\xe9 owners said 4 people died.".encode("latin-1"))
    (tmp_path / "b_good.txt").write_text("Officials said 9 people died in the fire.")
    (tmp_path / "c_empty.txt").write_text("")
    (tmp_path / "d_broken.json").write_text("{")
    output = ingest(tmp_path, tmp_path / "missing.txt")
    assert "a_latin1.txt: not UTF-8 text" in output
    assert "c_empty.txt: body: The body is empty." in output
    assert "d_broken.json: invalid JSON" in output
    assert "missing.txt: no such file" in output
    assert "total: created 1, duplicate 0, rejected 4" in output
    assert Article.objects.get().body == "Officials said 9 people died in the fire."


@pytest.mark.django_db
def test_an_unreadable_catalog_rejects_the_txt_files_beside_it(tmp_path):
    (tmp_path / "a.txt").write_text("Officials said 9 people died.")
    (tmp_path / "catalog.json").write_text("[{")
    output = ingest(tmp_path)
    assert "unreadable catalog" in output
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_fail_on_reject_exits_non_zero(tmp_path):
    (tmp_path / "empty.txt").write_text(" ")
    with pytest.raises(SystemExit) as exit_info:
        ingest(tmp_path, fail_on_reject=True)
    assert exit_info.value.code == 1
