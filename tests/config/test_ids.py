"""config/ids.py: the one id limit that the API's query fields and the review services'
request bodies both check."""

import ast
from pathlib import Path

from django.db import connection

from config.ids import ID_MAX

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("api", "config", "factcheck", "outbox", "reviews", "webhooks")


def test_the_id_limit_is_the_largest_primary_key_the_database_holds():
    assert connection.ops.integer_field_range("BigAutoField")[1] == ID_MAX


def test_the_id_limit_is_defined_once():
    defined = [
        path.relative_to(ROOT).as_posix()
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Assign)
        and any(isinstance(target, ast.Name) and target.id == "ID_MAX" for target in node.targets)
    ]
    assert defined == ["config/ids.py"]
