"""Every model of the project has a factory, and each factory builds a row the model's
constraints and the services accept."""

import factory
import pytest
from django.apps import apps
from django.db import IntegrityError, transaction

from factcheck.engine import signatures
from factcheck.models import ContradictionFlag, FlagClaim
from tests import factories

PROJECT_APPS = ("factcheck", "reviews", "webhooks", "outbox")


def _factories() -> dict:
    found = {}
    for value in vars(factories).values():
        if isinstance(value, type) and issubclass(value, factory.django.DjangoModelFactory):
            model = value._meta.get_model_class()
            found.setdefault(model, value)
    return found


def test_every_model_of_the_project_has_a_factory():
    models = {model for label in PROJECT_APPS for model in apps.get_app_config(label).get_models()}
    missing = sorted(model.__name__ for model in models - set(_factories()))
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model",
    sorted(_factories(), key=lambda model: model._meta.label),
    ids=lambda model: model._meta.label,
)
def test_each_factory_builds_a_valid_row(model):
    row = _factories()[model]()
    row.full_clean(validate_unique=True)
    assert model.objects.filter(pk=row.pk).exists()


@pytest.mark.django_db
def test_a_flag_is_built_as_detection_files_it():
    later, earlier = factories.ClaimFactory(), factories.ClaimFactory()
    flag = factories.ContradictionFlagFactory(
        claim_a=earlier, claim_b=later, supporting_b=[factories.ClaimFactory()]
    )
    assert (flag.claim_a, flag.claim_b) == (later, earlier)  # the smaller id first
    assert flag.story is not None
    assert {later.story_id, earlier.story_id} == {flag.story_id}
    expected = signatures.pair_disagreement(later.pk, earlier.pk, flag.kind)
    assert (flag.disagreement, flag.figure_a, flag.figure_b) == (
        expected.key,
        expected.a.figure,
        expected.b.figure,
    )
    sides = sorted(FlagClaim.objects.filter(flag=flag).values_list("side", "claim_id"))
    assert [side for side, _ in sides] == ["a", "b", "b"]
    assert ("a", later.pk) in sides
    assert ("b", earlier.pk) in sides


@pytest.mark.django_db
def test_a_flag_takes_its_key_from_the_sides_in_its_details():
    details = {"a": {"value": 1200, "source": "ministry"}, "b": {"value": 2800, "source": None}}
    flag = factories.ContradictionFlagFactory(details=details)
    found = signatures.disagreement_of(details)
    assert (flag.disagreement, flag.value_a, flag.value_b) == (
        found.key,
        found.a.value,
        found.b.value,
    )
    with pytest.raises(IntegrityError), transaction.atomic():  # one per disagreement and story
        factories.ContradictionFlagFactory(
            claim_a=factories.ClaimFactory(story=flag.story), story=flag.story, details=details
        )


@pytest.mark.django_db
def test_a_legacy_flag_has_no_sides_and_no_key():
    flag = factories.ContradictionFlagFactory(legacy=True)
    assert flag.disagreement == ""
    assert flag.figure_a == ""
    assert not FlagClaim.objects.filter(flag=flag).exists()
    assert ContradictionFlag.objects.get(pk=flag.pk).claim_a_id < flag.claim_b_id
