"""Checks several test folders share."""


def assert_saved_and_valid(row):
    """``row`` is saved and passes the model's validation: what a factory must make."""
    assert row.pk is not None
    row.full_clean()
    assert type(row).objects.filter(pk=row.pk).exists()
