from decisions.tests.conftest import place  # noqa: F401  (the fixture: a village of ten households)
