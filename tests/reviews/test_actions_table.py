"""The review actions table (reviews/actions.py) is the one list of actions: the transition
tables, the API routes and the admin's actions all follow it."""

from django.contrib import admin
from django.urls import resolve, reverse

from factcheck.models import Claim, ContradictionFlag
from reviews.actions import CLAIM_ACTIONS, FLAG_ACTIONS
from reviews.models import CLAIM_TRANSITIONS, FLAG_TRANSITIONS


def test_every_transition_has_exactly_one_row():
    assert set(CLAIM_ACTIONS) == set(CLAIM_TRANSITIONS)
    assert set(FLAG_ACTIONS) == set(FLAG_TRANSITIONS)


def test_each_row_is_served_by_its_own_view_under_its_path():
    for prefix, url_name, rows in [
        ("claims", "claim", CLAIM_ACTIONS),
        ("contradictions", "contradiction", FLAG_ACTIONS),
    ]:
        for action, row in rows.items():
            path = reverse(f"reviews:{url_name}-{row.path}", args=[7])
            assert path == f"/api/v1/{prefix}/7/{row.path}/"
            view = resolve(path).func.view_class
            assert view.row is row
            assert view.review_action == action


def test_the_admin_offers_the_rows_with_a_list_label_in_table_order():
    for model, rows in [(Claim, CLAIM_ACTIONS), (ContradictionFlag, FLAG_ACTIONS)]:
        model_admin = admin.site._registry[model]
        offered = [function.__name__ for function in model_admin.actions]
        assert offered == [
            f"review_{action}" for action, row in rows.items() if row.list_label is not None
        ]
        assert model_admin.action_rows is rows
