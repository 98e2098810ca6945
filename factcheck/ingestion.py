"""Reading article files for `ingest_articles`: `.txt` (body only, metadata from a sidecar
`catalog.json`), `.json` (an object or a list of objects) and `.jsonl` (one object a line).
Each record is validated by the same serializer as the API, then stored by the same service."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .serializers import ArticleCreateSerializer
from .services.articles import article_create

ARTICLE_SUFFIXES = (".txt", ".json", ".jsonl")
CATALOG_NAME = "catalog.json"
MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass
class FileReport:
    path: Path
    created: list[int] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.path}: created {len(self.created)}, duplicate {len(self.duplicates)}, "
            f"rejected {len(self.rejected)}"
        )


class CatalogError(ValueError):
    pass


class Unreadable(str):
    """Why a record could not be read (as opposed to a record that is itself a string)."""


def article_files(paths: list[Path]) -> Iterator[Path]:
    """The article files under the given paths (directories are read one level deep, in name
    order); a path that does not exist is yielded as is, to be reported."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                child
                for child in path.iterdir()
                if child.is_file()
                and child.suffix.lower() in ARTICLE_SUFFIXES
                and child.name != CATALOG_NAME
            )
        else:
            yield path


def load_catalog(directory: Path) -> dict[str, dict]:
    catalog_path = directory / CATALOG_NAME
    if not catalog_path.is_file():
        return {}
    try:
        entries = json.loads(catalog_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CatalogError(f"{catalog_path}: unreadable catalog ({error})") from error
    if not isinstance(entries, list):
        raise CatalogError(f"{catalog_path}: expected a list of entries")
    return {
        entry["file"]: entry for entry in entries if isinstance(entry, dict) and "file" in entry
    }


def _title_from_body(body: str) -> str:
    for line in body.splitlines():
        if line.strip():
            return line.strip()[:200]
    return ""


def _records_in_file(path: Path, catalog: dict[str, dict]) -> Iterator[tuple[str, object]]:
    """(label, record) for each article record in a file; an Unreadable record says why the
    record could not be read."""
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        yield path.name, Unreadable(f"file larger than {MAX_FILE_BYTES} bytes")
        return
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        yield path.name, Unreadable(f"not UTF-8 text ({error.reason} at byte {error.start})")
        return
    suffix = path.suffix.lower()
    if suffix == ".txt":
        entry = catalog.get(path.name, {})
        yield (
            path.name,
            {
                "body": text,
                "title": entry.get("title") or _title_from_body(text),
                "url": entry.get("url"),
                "publisher": entry.get("publisher"),
                "published_at": entry.get("published"),
            },
        )
    elif suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            yield path.name, Unreadable(f"invalid JSON: {error}")
            return
        items = data if isinstance(data, list) else [data]
        for index, item in enumerate(items):
            yield f"{path.name}[{index}]", item
    elif suffix == ".jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                yield f"{path.name}:{number}", json.loads(line)
            except json.JSONDecodeError as error:
                yield f"{path.name}:{number}", Unreadable(f"invalid JSON: {error}")
    else:
        yield (
            path.name,
            Unreadable(
                f"unsupported file type '{suffix}' (expected {', '.join(ARTICLE_SUFFIXES)})"
            ),
        )


def _format_errors(errors) -> str:
    if isinstance(errors, dict):
        return "; ".join(
            f"{name}: {' '.join(map(str, messages))}" for name, messages in errors.items()
        )
    return " ".join(map(str, errors))


def ingest_file(path: Path, *, submitted_by=None) -> FileReport:
    report = FileReport(path=path)
    if not path.is_file():
        report.rejected.append(f"{path.name}: no such file")
        return report
    try:
        catalog = load_catalog(path.parent) if path.suffix.lower() == ".txt" else {}
        records = list(_records_in_file(path, catalog))
    except (OSError, CatalogError) as error:
        report.rejected.append(f"{path.name}: unreadable ({error})")
        return report
    for label, record in records:
        if isinstance(record, Unreadable):
            report.rejected.append(f"{label}: {record}")
            continue
        if not isinstance(record, dict):
            report.rejected.append(f"{label}: expected an object with the article fields")
            continue
        serializer = ArticleCreateSerializer(data=record)
        if not serializer.is_valid():
            report.rejected.append(f"{label}: {_format_errors(serializer.errors)}")
            continue
        data = serializer.validated_data
        result = article_create(
            body=data["body"],
            title=data["title"],
            url=data["url"],
            publisher_name=data["publisher"] or None,
            published_at=data["published_at"],
            submitted_by=submitted_by,
        )
        (report.created if result.created else report.duplicates).append(result.article.pk)
    return report
