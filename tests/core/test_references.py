import itertools
import re

from frontdoor.core.references import ALPHABET, is_valid_reference, new_reference, normalise_reference


def test_new_references_look_like_fd_and_validate():
    for _ in range(200):
        reference = new_reference()
        assert re.fullmatch(r"FD-[2-9A-Z]{4}-[2-9A-Z*]{4}", reference)
        assert is_valid_reference(reference)


def test_typed_references_are_normalised():
    reference = new_reference()
    typed = reference.lower().replace("-", " ")
    assert normalise_reference(typed) == reference


def test_every_single_character_mistake_is_caught():
    reference = new_reference()
    chars = list(reference.replace("-", ""))
    for position in range(2, len(chars) - 1):
        for replacement in ALPHABET:
            if replacement == chars[position]:
                continue
            typo = chars.copy()
            typo[position] = replacement
            assert not is_valid_reference("".join(typo)), (reference, position, replacement)


def test_swapping_two_neighbouring_characters_is_caught():
    reference = new_reference()
    body = list(reference.replace("-", ""))[2:9]
    for i, j in itertools.pairwise(range(len(body))):
        if body[i] == body[j]:
            continue
        swapped = body.copy()
        swapped[i], swapped[j] = swapped[j], swapped[i]
        check = reference[-1]
        assert not is_valid_reference("FD" + "".join(swapped) + check)


def test_confusable_characters_are_not_used():
    for char in "01OIL U":
        assert char not in ALPHABET
    assert not is_valid_reference("FD-0000-0000")
    assert not is_valid_reference("not a reference")
