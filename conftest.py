"""Shared fixtures: a small province with two communes, their villages and households."""

from dataclasses import dataclass

import pytest

from disclosures.services import seed_catalogue
from tests.factories import commune, household_with, province, village


@dataclass
class Tree:
    province: object
    commune: object
    sibling: object
    village: object
    village2: object
    sibling_village: object
    household: object
    sibling_household: object


@pytest.fixture
def tree(db):
    p = province()
    c = commune(p, "91001", "Xã Tân Lập")
    s = commune(p, "91002", "Xã Đồng Tâm")
    v = village(c, 1, "Thôn Đông")
    v2 = village(c, 2, "Thôn Tây")
    sv = village(s, 1, "Thôn Bắc")
    h = household_with(v, "Nguyễn Văn Đức", "Lê Thị Hoa", code="91001-000001")
    sh = household_with(sv, "Trần Văn Bình", code="91002-000001")
    # The catalogue is seeded by a migration; tests that flush the database (browser tests) lose it.
    seed_catalogue()
    return Tree(p, c, s, v, v2, sv, h, sh)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_portal_cache():
    # Portal pages are cached by a version kept in the database, which each test's rollback rewinds.
    from django.core.cache import caches

    caches["portal"].clear()


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
