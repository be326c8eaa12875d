"""vocab: topic keys, near misses and the UPR response words."""

import pytest

from hrcli import vocab

# -- issue 19 (1, 2, 5), the user's own topics and UPR datasets ----------------------------------------------------


# -- domain: one normaliser, explicit tables ---------------------------------------------------------------


def test_topic_key_ignores_case_spaces_hyphens_underscores():
    assert {vocab.topic_key(t) for t in ("Death penalty", "death-penalty", "DEATH_PENALTY", " death  penalty ")} == {
        "death-penalty"
    }
    assert vocab.topic_key("trafficking") == "trafficking"  # bundled topics are already in the compared form
    assert not vocab.topic_ok(vocab.topic_key("a,b")) and vocab.topic_ok("свобода-слова")


def test_topic_key_reads_the_issue_names_datasets_publish():
    """UPR Info and UHRI name issues with apostrophes, '&', '/' and brackets: each is a topic, not refused."""
    assert vocab.topic_key("Women's rights") == vocab.topic_key("Women’s rights") == "womens-rights"
    assert vocab.topic_key("Equality & non-discrimination") == "equality-and-non-discrimination"
    assert (
        vocab.topic_key("HIV/AIDS") == "hiv-aids"
        and vocab.topic_key("Children (rights of the)") == "children-rights-of-the"
    )
    for name in ("Women's rights", "ESC rights - general", "Equality & non-discrimination", "HIV/AIDS"):
        assert vocab.topic_ok(vocab.topic_key(name)), name
    assert not vocab.topic_ok(vocab.topic_key("a;b"))  # a list separator inside a topic is still a mistake


def test_near_miss_is_one_or_two_letters_from_a_known_word():
    assert vocab.near_miss("traffiking", vocab.TOPICS) == "trafficking"
    assert vocab.near_miss("trafficking", vocab.TOPICS) is None  # known words are not misses
    assert vocab.near_miss("death-penalty", vocab.TOPICS) is None  # far from everything: simply new
    assert vocab.near_miss("hive", vocab.TOPICS) == "hiv"  # one letter
    assert vocab.near_miss("hivex", vocab.TOPICS) is None  # short words: one letter only


@pytest.mark.parametrize(
    ("word", "category"),
    [
        ("Accepted", "accepted"),
        ("Supported", "accepted"),
        ("accept", "accepted"),
        ("Noted", "noted"),
        ("Rejected", "noted"),
        ("Not accepted", "noted"),
        ("Partially accepted", "other"),
        ("partially-supported", "other"),
        ("Pending", "pending"),
        ("Acepted", None),
        # a recommendation answered in parts (UPR Info writes "Supported/Noted"): neither accepted nor noted
        ("Supported/Noted", "other"),
        ("Accepted / Rejected", "other"),
        ("Supported/Supported", "accepted"),
        ("Supported/Acepted", None),
        ("Supported; Noted", "other"),  # a bulleted UHRI cell of two positions, as the import joins it
    ],
)
def test_response_table(word, category):
    assert vocab.response_key(word) == category
