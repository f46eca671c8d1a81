"""The structural 3-way merge of meeting files: field by field, point by point, and the choices of a person."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from repo_layout.model.checks import check_meeting_document
from repo_layout.sync.merge import ChoiceError, FieldConflict, MergeResult, driver_main, merge_meeting, resolve
from repo_layout.yaml import yamlio

SAMPLE = Path(__file__).resolve().parents[1] / "sample-repo" / "albertslund-kommune" / "chefforum" / "2019-10-24.yaml"
BASE = SAMPLE.read_text(encoding="utf-8")

DECISION_3_LAST = "      Alle chefer har en kommunikationsopgave ift. deres ledere om \"LUS\" uden løn.\n"
DECISION_1 = "      Chefforum godkendte dagsorden og referat.\n"
DECISION_7 = "      Intet.\n"
DECISION_3_START = "    decision: |\n      Chefforum drøftede"
ANLEDNING_3 = "        På baggrund af det nye ledelsesgrundlag er der udarbejdet et oplæg til justering af LULS-værktøjet.\n"
INDSTILLING_3 = "        1. at justeringer af LULS-konceptet godkendes\n"


def change(text: str, *pairs: tuple[str, str]) -> str:
    """`text` with each (old, new) replaced once; the old text must be there."""
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def loaded(text: str) -> dict:
    """The merged file as PyYAML reads it, after checking it is a valid meeting that every reader agrees on."""
    document = yamlio.load_text(text)
    problems = [problem for problem in check_meeting_document(Path("2019-10-24.yaml"), document) if problem.is_error]
    assert problems == []
    plain = yaml.safe_load(text)
    assert plain == yamlio.load_fast(text)
    return plain


def clean(result: MergeResult) -> dict:
    assert result.conflicts == []
    return loaded(result.text)


def point(document: dict, number: int) -> dict:
    return next(item for item in document["points"] if item["number"] == number)


def test_different_header_fields() -> None:
    ours = change(BASE, ("location: Mødelokale 1", "location: Byrådssalen"))
    theirs = change(BASE, ("status: approved", "status: held"), ('start: "09:00"', 'start: "09:15"'))
    result = merge_meeting(BASE, ours, theirs)
    merged = clean(result)
    assert (merged["location"], merged["status"], merged["start"]) == ("Byrådssalen", "held", "09:15")
    assert 'start: "09:15"' in result.text  # a time stays quoted
    assert "fra mig: mødested ændret" in result.merged
    assert "fra dem: status ændret" in result.merged and "fra dem: starttid ændret" in result.merged
    assert result.text == change(ours, ("status: approved", "status: held"), ('start: "09:00"', 'start: "09:15"'))


def test_different_points() -> None:
    ours = change(BASE, (DECISION_1, "      Godkendt med en rettelse.\n"))
    theirs = change(BASE, (DECISION_7, "      Intet at bemærke.\n"))
    result = merge_meeting(BASE, ours, theirs, language="en")
    merged = clean(result)
    assert point(merged, 1)["decision"] == "Godkendt med en rettelse.\n"
    assert point(merged, 7)["decision"] == "Intet at bemærke.\n"
    assert result.merged == ["from me: point 1: decision changed", "from them: point 7: decision changed"]


def test_adjacent_fields_of_one_point_merge_where_lines_would_conflict() -> None:
    ours = change(BASE, ('    time: "09:00-09:30"\n', '    time: "09:00-09:35"\n'))
    theirs = change(BASE, ("    presenter: Anne-Mette\n", "    presenter: Anne-Mette Holm\n"))
    merged = clean(merge_meeting(BASE, ours, theirs))
    assert (point(merged, 2)["time"], point(merged, 2)["presenter"]) == ("09:00-09:35", "Anne-Mette Holm")


def test_different_sections_and_actions_of_one_point() -> None:
    ours = change(BASE, (ANLEDNING_3, "        Et nyt ledelsesgrundlag.\n"), ("        done: false\n", "        done: true\n"))
    theirs = change(
        BASE,
        (INDSTILLING_3, "        1. at justeringerne godkendes\n"),
        ("        owner: Alle chefer\n", "        owner: Alle chefer og ledere\n"),
        (DECISION_3_START, "    decision_heading: BESLUTNING\n" + DECISION_3_START),
    )
    result = merge_meeting(BASE, ours, theirs)
    merged = clean(result)
    three = point(merged, 3)
    assert three["sections"]["Anledning"] == "Et nyt ledelsesgrundlag.\n"
    assert three["sections"]["Indstilling"].endswith("1. at justeringerne godkendes\n")
    assert three["actions"] == [
        {"task": 'kommunikationsopgave ift. deres ledere om "LUS" uden løn', "owner": "Alle chefer og ledere", "done": True}
    ]
    assert list(three)[list(three).index("decision") - 1] == "decision_heading"  # schema order
    assert "fra mig: punkt 3: afsnit 'Anledning' ændret" in result.merged
    assert "fra dem: punkt 3: afsnit 'Indstilling' ændret" in result.merged


def test_a_section_added_on_one_side_and_another_edited_on_the_other() -> None:
    anledning = "      Anledning: |\n        Godkendelse"
    ours = change(BASE, (anledning, "      Baggrund: |\n        Fast punkt.\n" + anledning))
    theirs = change(BASE, ("        Godkendelse af dagsorden og referat\n", "        Godkendelse af dagsorden og referatet\n"))
    merged = clean(merge_meeting(BASE, ours, theirs))
    assert list(point(merged, 1)["sections"].items())[:2] == [
        ("Baggrund", "Fast punkt.\n"),
        ("Anledning", "Godkendelse af dagsorden og referatet\n"),
    ]


def test_a_point_added_on_each_side() -> None:
    ours = BASE + "  - number: 8\n    title: Mit punkt\n    decision: |\n      Godkendt.\n"
    theirs = BASE + "  - number: 8\n    title: Deres punkt\n"
    result = merge_meeting(BASE, ours, theirs)
    merged = clean(result)
    assert [item["title"] for item in merged["points"][-2:]] == ["Mit punkt", "Deres punkt"]
    # a point added in the middle by one side goes after the point it followed there
    theirs_middle = change(BASE, ("  - number: 7\n", "  - number: 9\n    title: Indskudt\n  - number: 7\n"))
    result = merge_meeting(BASE, ours, theirs_middle)
    assert [item["title"] for item in clean(result)["points"]][-3:] == ["Indskudt", "CF - Evt.", "Mit punkt"]
    assert "fra dem: punkt 9 tilføjet" in result.merged


def test_the_same_point_added_on_both_sides_is_kept_once() -> None:
    added = "  - number: 8\n    title: Samme punkt\n"
    merged = clean(merge_meeting(BASE, BASE + added, BASE + added + "    presenter: Jette\n"))
    assert [item["title"] for item in merged["points"]].count("Samme punkt") == 1
    assert point(merged, 8)["presenter"] == "Jette"


def test_present_and_absent_merge_as_sets() -> None:
    present = "present: [Ida, Søren, Jette]"
    base = change(BASE, ("location: Mødelokale 1\n", f"location: Mødelokale 1\n{present}\nabsent:\n  - Helle\n"))
    ours = change(base, (present, "present: [Ida, Jette, Egil]"), ("  - Helle\n", "  - Helle\n  - Søren\n"))
    theirs = change(base, (present, "present: [Ida, Søren, Jette, Anne-Mette]"), ("  - Helle\n", "  - Michael\n"))
    result = merge_meeting(base, ours, theirs)
    merged = clean(result)
    assert merged["present"] == ["Ida", "Jette", "Egil", "Anne-Mette"]
    assert merged["absent"] == ["Søren", "Michael"]
    assert "present: [Ida, Jette, Egil, Anne-Mette]" in result.text  # the flow style of ours stays
    assert "fra dem: deltagere: Anne-Mette tilføjet" in result.merged


def test_the_same_decision_changed_on_both_sides_is_one_conflict() -> None:
    ours = change(BASE, (DECISION_3_LAST, "      Min version.\n"), ("location: Mødelokale 1", "location: Byrådssalen"))
    theirs = change(BASE, (DECISION_3_LAST, "      Deres version.\n"), (DECISION_7, "      Intet at bemærke.\n"))
    result = merge_meeting(BASE, ours, theirs)
    assert len(result.conflicts) == 1
    [conflict] = result.conflicts
    assert isinstance(conflict, FieldConflict)
    assert (conflict.key, conflict.label) == ("point:3:decision", "punkt 3: beslutning")
    assert conflict.base is not None and conflict.base.endswith(DECISION_3_LAST.strip() + "\n")
    assert conflict.ours is not None and conflict.ours.endswith("Min version.\n")
    assert conflict.theirs is not None and conflict.theirs.endswith("Deres version.\n")
    # the text has ours in the conflicting place and both sides' other edits
    merged = loaded(result.text)
    assert point(merged, 3)["decision"].endswith("Min version.\n")
    assert merged["location"] == "Byrådssalen" and point(merged, 7)["decision"] == "Intet at bemærke.\n"


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    same = change(BASE, (DECISION_3_LAST, "      Samme version.\n"))
    ours = change(same, ("status: approved", "status: held"))
    result = merge_meeting(BASE, ours, same)
    assert result.conflicts == [] and result.text == ours
    assert merge_meeting(BASE, same, same).text == same


def test_a_point_deleted_on_one_side_and_edited_on_the_other_is_a_conflict() -> None:
    start = BASE.index("  - number: 7\n")
    without_7 = BASE[:start]
    edited_7 = change(BASE, (DECISION_7, "      Noget at bemærke.\n"))
    result = merge_meeting(BASE, edited_7, without_7)
    assert [(c.key, c.label) for c in result.conflicts] == [("point:7", "punkt 7")]
    assert result.conflicts[0].theirs is None and "Noget at bemærke" in (result.conflicts[0].ours or "")
    assert resolve(BASE, edited_7, without_7, {"point:7": "theirs"}) == without_7
    assert resolve(BASE, edited_7, without_7, {"point:7": "ours"}) == edited_7
    # the other way round: deleted here, edited there
    other = merge_meeting(BASE, without_7, edited_7)
    assert [(c.key, c.ours is None) for c in other.conflicts] == [("point:7", True)]
    assert point(loaded(resolve(BASE, without_7, edited_7, {"point:7": "theirs"})), 7)["decision"] == "Noget at bemærke.\n"
    # deleted on one side and untouched on the other: just deleted
    assert merge_meeting(BASE, without_7, change(BASE, (DECISION_1, "      Godkendt.\n"))).conflicts == []


def test_resolve_with_ours_theirs_and_a_combination() -> None:
    ours = change(BASE, (DECISION_3_LAST, "      Min version.\n"), ("location: Mødelokale 1", "location: Byrådssalen"))
    theirs = change(BASE, (DECISION_3_LAST, "      Deres version.\n"), ("status: approved", "status: held"))
    for choice, expected in (
        ("ours", "Min version."),
        ("theirs", "Deres version."),
        ("Begge versioner, samlet.\n", "Begge versioner, samlet."),
    ):
        merged = loaded(resolve(BASE, ours, theirs, {"point:3:decision": choice}, language="en"))
        assert point(merged, 3)["decision"].endswith(expected + "\n")
        assert (merged["location"], merged["status"]) == ("Byrådssalen", "held")  # nothing lost
    combined = resolve(BASE, ours, theirs, {"point:3:decision": "Linje et\nLinje to\n"})
    assert "    decision: |\n      Linje et\n      Linje to\n" in combined
    with pytest.raises(ChoiceError):
        resolve(BASE, ours, theirs, {})


def test_a_conflict_on_a_non_text_field_takes_yaml() -> None:
    ours = change(BASE, ("date: 2019-10-24", "date: 2019-10-25"))
    theirs = change(BASE, ("date: 2019-10-24", "date: 2019-10-26"))
    [conflict] = merge_meeting(BASE, ours, theirs).conflicts
    assert (conflict.key, conflict.base, conflict.ours, conflict.theirs) == ("date", "2019-10-24", "2019-10-25", "2019-10-26")
    text = resolve(BASE, ours, theirs, {"date": "2019-10-24"})
    assert "date: 2019-10-24\n" in text


def test_comments_and_layout_of_ours_are_kept() -> None:
    ours = change(
        BASE,
        ("location: Mødelokale 1\n", "location: Mødelokale 1  # flyttet i sidste øjeblik\n"),
        ("  - number: 4\n", "  # punkt 4 blev forlænget\n  - number: 4\n"),
    )
    theirs = change(BASE, (DECISION_7, "      Intet at bemærke.\n"), ("status: approved", "status: held"))
    result = merge_meeting(BASE, ours, theirs)
    clean(result)
    assert result.text == change(ours, (DECISION_7, "      Intet at bemærke.\n"), ("status: approved", "status: held"))


def test_a_file_with_its_own_indentation_keeps_it() -> None:
    base = "title: Møde\ndate: 2019-10-24\npoints:\n- number: 1\n  title: Et\n  decision: |\n    Ja.\n- number: 2\n  title: To\n"
    ours = change(base, ("    Ja.\n", "    Ja tak.\n"))
    theirs = change(base, ("  title: To\n", "  title: To og tre\n"))
    result = merge_meeting(base, ours, theirs)
    assert result.text == change(ours, ("  title: To\n", "  title: To og tre\n"))


def test_text_that_is_not_a_yaml_mapping_is_one_conflict_over_the_file() -> None:
    broken = "title: [unclosed\n"
    result = merge_meeting(BASE, broken, change(BASE, ("status: approved", "status: held")))
    assert [conflict.key for conflict in result.conflicts] == ["file"]
    held = change(BASE, ("status: approved", "status: held"))
    assert resolve(BASE, broken, held, {"file": "theirs"}) == held
    assert resolve(BASE, broken, held, {"file": "ours"}) == broken


def test_no_common_ancestor_merges_what_differs_as_conflicts() -> None:
    ours = change(BASE, ("status: approved", "status: held"))
    theirs = change(BASE, (DECISION_7, "      Intet at bemærke.\n"))
    result = merge_meeting(None, ours, theirs)
    assert sorted(conflict.key for conflict in result.conflicts) == ["point:7:decision", "status"]


def test_the_merge_driver_writes_the_merge_and_a_record(tmp_path: Path) -> None:
    files = {
        "base": BASE,
        "current": change(BASE, ("status: approved", "status: held")),
        "other": change(BASE, ("location: Mødelokale 1", "location: Byrådssalen")),
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    record = tmp_path / "record.jsonl"
    arguments = ["--driver", "rebase", str(record), "en", *(str(tmp_path / name) for name in files), "a/b.yaml"]
    assert driver_main(arguments) == 0
    merged = loaded((tmp_path / "current").read_text(encoding="utf-8"))
    assert (merged["status"], merged["location"]) == ("held", "Byrådssalen")
    # rebase: the other file (%B) is the local user's, so its edit is "from me"
    assert "from me: place changed" in record.read_text(encoding="utf-8")
    (tmp_path / "other").write_text(change(BASE, ("status: approved", "status: draft")), encoding="utf-8")
    (tmp_path / "current").write_text(files["current"], encoding="utf-8")
    assert driver_main(arguments) == 1
    assert (tmp_path / "current").read_text(encoding="utf-8") == files["current"]


ORDERED = (
    "title: Møde\ndate: 2019-10-24\npoints:\n"
    "  - number: 1\n    title: A\n  - number: 2\n    title: B\n  - number: 3\n    title: C\n"
    "    actions:\n      - task: x\n        done: false\n"
)
C_FIRST = (
    "title: Møde\ndate: 2019-10-24\npoints:\n"
    "  - number: 3\n    title: C\n    actions:\n      - task: x\n        done: false\n"
    "  - number: 1\n    title: A\n  - number: 2\n    title: B\n"
)
B_FIRST = (
    "title: Møde\ndate: 2019-10-24\npoints:\n"
    "  - number: 2\n    title: B\n  - number: 1\n    title: A\n  - number: 3\n    title: C\n"
    "    actions:\n      - task: x\n        done: false\n"
)


def titles(text: str) -> list[str]:
    return [item["title"] for item in loaded(text)["points"]]


def test_points_moved_on_one_side_and_edited_on_the_other() -> None:
    ours = change(ORDERED, ("    title: B\n", "    title: B\n    presenter: Bo\n"))
    result = merge_meeting(ORDERED, ours, C_FIRST)
    assert titles(result.text) == ["C", "A", "B"] and result.conflicts == []
    assert point(loaded(result.text), 2)["presenter"] == "Bo"
    assert "fra dem: punkt 3 flyttet før punkt 1" in result.merged


def test_points_moved_differently_on_both_sides_is_an_order_conflict() -> None:
    [conflict] = merge_meeting(ORDERED, B_FIRST, C_FIRST).conflicts
    assert (conflict.key, conflict.base, conflict.ours, conflict.theirs) == (
        "points:order",
        "1. A\n2. B\n3. C\n",
        "2. B\n1. A\n3. C\n",
        "3. C\n1. A\n2. B\n",
    )
    assert titles(resolve(ORDERED, B_FIRST, C_FIRST, {"points:order": "ours"})) == ["B", "A", "C"]
    assert titles(resolve(ORDERED, B_FIRST, C_FIRST, {"points:order": "theirs"})) == ["C", "A", "B"]
    assert titles(resolve(ORDERED, B_FIRST, C_FIRST, {"points:order": "2. B\n3. C\n1. A\n"})) == ["B", "C", "A"]
    with pytest.raises(ChoiceError):
        resolve(ORDERED, B_FIRST, C_FIRST, {"points:order": "9. Z\n"})


def test_actions_added_on_both_sides_and_one_marked_done() -> None:
    ours = change(ORDERED, ("        done: false\n", "        done: false\n      - task: ring\n"))
    theirs = change(ORDERED, ("        done: false\n", "        done: true\n      - task: skriv\n"))
    result = merge_meeting(ORDERED, ours, theirs)
    assert point(clean(result), 3)["actions"] == [{"task": "x", "done": True}, {"task": "ring"}, {"task": "skriv"}]
    assert "fra dem: punkt 3: opfølgning 'x' udført" in result.merged


def test_an_action_edited_on_both_sides_names_the_action() -> None:
    ours = change(ORDERED, ("      - task: x\n", "      - task: x\n        owner: Bo\n"))
    theirs = change(ORDERED, ("      - task: x\n", "      - task: x\n        owner: Anna\n"))
    [conflict] = merge_meeting(ORDERED, ours, theirs, language="en").conflicts
    assert (conflict.key, conflict.label) == ("point:3:action:1:owner", "point 3: action 'x': owner")
    assert point(loaded(resolve(ORDERED, ours, theirs, {conflict.key: "theirs"})), 3)["actions"][0]["owner"] == "Anna"


def test_a_combination_that_is_not_valid_yaml_is_refused() -> None:
    ours = change(BASE, ("date: 2019-10-24", "date: 2019-10-25"))
    theirs = change(BASE, ("date: 2019-10-24", "date: 2019-10-26"))
    with pytest.raises(ChoiceError):
        resolve(BASE, ours, theirs, {"date": "[2019"})
