"""data/titles.toml and data/hr_columns.toml: read through the catalogue, loud when broken."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from teambuilder.catalogue import DATA_DIR, DataFileError, load_hr_columns, load_title_words


def copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target, ignore=shutil.ignore_patterns("examples"))
    return target


def test_the_shipped_files_load():
    assert load_title_words().rules
    assert "name" in load_hr_columns().fields


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('"mlops" = ["domain:mlops"]', '"mlops" = ["field:mlops"]', "word 'mlops' has part"),
        (
            "positions = { mlops_engineer = 0.9 }",
            "positions = { mlops_enginer = 0.9 }",
            "unknown position 'mlops_enginer'",
        ),
        ("unknown_word_factor = 0.85", "unknown_word_factor = 2", "unknown_word_factor"),
    ],
)
def test_a_broken_titles_file_names_the_file_and_what_is_wrong(tmp_path, old, new, words):
    data = copy_data(tmp_path)
    path = data / "titles.toml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))

    with pytest.raises(DataFileError, match=r"titles\.toml") as caught:
        load_title_words(data)

    assert words in str(caught.value)


def test_an_hr_columns_file_without_a_field_says_which_fields_it_needs(tmp_path):
    data = copy_data(tmp_path)
    path = data / "hr_columns.toml"
    path.write_text(path.read_text().replace("[fields.background]", "[fields.backgrounds]"))

    with pytest.raises(DataFileError, match=r"hr_columns\.toml.*must hold exactly"):
        load_hr_columns(data)
