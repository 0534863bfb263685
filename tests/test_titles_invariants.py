"""Case, punctuation and word order do not change what a job title says."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from teambuilder.titles import read_title
from tests.test_titles_table import ROWS

TITLES = [title for title, _ in ROWS]
SEPARATORS = [" ", "  ", ", ", " - ", " / ", ". ", " | ", "_", " (", ") ", ": "]


def answer(title: str) -> list[tuple[str, float, str]]:
    return [(g.position, g.confidence, g.reason) for g in read_title(title).positions]


def meaning(title: str) -> list[tuple[str, str]]:
    return sorted((p.kind, p.value) for p in read_title(title).parts)


def _merged(title: str) -> list[str]:
    found: list[str] = []
    previous = None
    for part in read_title(title).parts:
        if previous is not None and previous.text == part.text and previous.kind != part.kind:
            continue  # one phrase, several parts ("mle" is ML + engineer)
        found.append(part.text)
        previous = part
    return found


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(TITLES), st.data())
def test_upper_and_lower_case_do_not_change_the_answer(title, data):
    flips = data.draw(st.lists(st.booleans(), min_size=len(title), max_size=len(title)))
    pairs = zip(title, flips, strict=True)
    changed = "".join(c.upper() if flip else c.lower() for c, flip in pairs)

    assert answer(changed) == answer(title)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(TITLES), st.data())
def test_punctuation_between_words_does_not_change_the_answer(title, data):
    words = title.replace(",", " ").split()
    count = len(words) - 1
    glue = data.draw(st.lists(st.sampled_from(SEPARATORS), min_size=count, max_size=count))
    changed = words[0] + "".join(sep + word for sep, word in zip(glue, words[1:], strict=True))
    changed += data.draw(st.sampled_from(["", ".", " ", ";", "!", " -"]))

    assert answer(changed) == answer(title)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(TITLES), st.randoms(use_true_random=False))
def test_word_order_does_not_change_the_answer(title, random):
    pieces = _merged(title)
    assume(len(pieces) >= 2)
    shuffled = pieces[:]
    random.shuffle(shuffled)
    changed = ", ".join(shuffled)
    # Words put side by side by the shuffle may form another phrase ("platform" then
    # "engineer, data"): then the words are read differently, which is not word order.
    assume(meaning(changed) == meaning(title))

    assert answer(changed) == answer(title)


def test_the_examples_of_the_issue_read_the_same_both_ways():
    assert answer("Engineer, ML") == answer("ML Engineer")
    assert answer("Data Science, Head of") == answer("Head of Data Science")
    assert answer("SR. mle") == answer("Sr MLE")
