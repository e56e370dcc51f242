"""The benchmark's directory is the same for the same seed, and valid for the service."""

from __future__ import annotations

import re
import uuid

from api.directory.models import Organisation
from api.directory.schemas import REGION_PATTERN, SLUG_PATTERN
from api.directory.service import refresh_derived_fields
from bench import generate

TOPICS = [uuid.UUID(int=number) for number in range(1, 9)]
COLUMNS = generate.ORGANISATION_COLUMNS


def _field(row: tuple[object, ...], name: str) -> object:
    return row[COLUMNS.index(name)]


def test_the_same_seed_gives_the_same_directory() -> None:
    first = list(generate.organisations(7, 0, 50, TOPICS))
    second = list(generate.organisations(7, 0, 50, TOPICS))

    assert first == second


def test_another_seed_gives_another_directory() -> None:
    ours = [item.organisation for item in generate.organisations(7, 0, 20, TOPICS)]
    theirs = [item.organisation for item in generate.organisations(8, 0, 20, TOPICS)]

    assert {_field(row, "name_de") for row in ours} != {_field(row, "name_de") for row in theirs}
    assert not {_field(row, "id") for row in ours} & {_field(row, "id") for row in theirs}


def test_a_larger_directory_holds_the_smaller_one() -> None:
    small = list(generate.organisations(7, 0, 30, TOPICS))
    added = list(generate.organisations(7, 30, 60, TOPICS))

    assert list(generate.organisations(7, 0, 60, TOPICS)) == small + added


def test_every_organisation_has_three_to_eight_channels_and_one_to_three_duties() -> None:
    for item in generate.organisations(7, 0, 500, TOPICS):
        assert 3 <= len(item.channels) <= 8
        assert 1 <= len(item.responsibilities) <= 3
        topics = [row[1] for row in item.responsibilities]
        assert len(set(topics)) == len(topics)


def test_slugs_are_unique_and_valid_and_regions_are_keys() -> None:
    rows = [item.organisation for item in generate.organisations(7, 0, 2000, TOPICS)]
    slugs = [str(_field(row, "slug")) for row in rows]

    assert len(set(slugs)) == len(slugs)
    assert all(re.match(SLUG_PATTERN, slug) and len(slug) <= 80 for slug in slugs)
    regions = [_field(row, "region") for row in rows if _field(row, "region") is not None]
    assert regions
    assert all(re.match(REGION_PATTERN, str(region)) for region in regions)


def test_sort_and_search_columns_are_what_the_service_derives() -> None:
    for item in generate.organisations(7, 0, 50, TOPICS):
        row = item.organisation
        organisation = Organisation(
            **{name: _field(row, name) for name in ("slug", "name_de", "name_en", "short_name")},
            description_de=_field(row, "description_de"),
            description_en=_field(row, "description_en"),
        )
        refresh_derived_fields(organisation)
        assert (organisation.sort_key, organisation.search_text) == (
            _field(row, "sort_key"),
            _field(row, "search_text"),
        )


def test_search_words_come_from_the_names_and_descriptions_each_once() -> None:
    words = generate.search_words(7, 100, TOPICS, size=1000)
    texts = " ".join(
        f"{_field(item.organisation, 'name_de')} {_field(item.organisation, 'description_de')}"
        for item in generate.organisations(7, 0, 1000, TOPICS)
    )

    assert len(words) == 100
    assert len({word.casefold() for word in words}) == 100
    assert all(word in texts for word in words)
    assert generate.search_words(7, 100, TOPICS, size=1000) == words
