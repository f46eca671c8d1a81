"""Print the corpus figures: points right / documents, decisions found / marked, header fields found / present."""

from __future__ import annotations

from tests.import_corpus.cases import cases, measure


def main() -> None:
    all_cases = cases()
    points_right = decisions_found = decisions_marked = header_found = header_present = lost = 0
    for case in all_cases:
        outcome = measure(case)
        wanted = [tuple(point) for point in case.expected.get("points") or []]
        points_right += outcome.points == wanted
        marked = set(case.expected.get("decisions") or [])
        decisions_found += len(marked & set(outcome.decisions))
        decisions_marked += len(marked)
        header_found += outcome.header_found
        header_present += outcome.header_present
        lost += len(outcome.lost_words)
        points = "ok" if outcome.points == wanted else "WRONG"
        decisions = f"{len(marked & set(outcome.decisions))}/{len(marked)}"
        print(f"{case.name:40} points {points:5} decisions {decisions} header {outcome.header_found}/{outcome.header_present}")
    languages = sorted({case.expected.get("language", "?") for case in all_cases})
    layouts = sorted({case.expected.get("layout", "?") for case in all_cases})
    print(f"\n{len(all_cases)} documents, {len(layouts)} layouts, languages {', '.join(languages)}")
    print(f"points right: {points_right}/{len(all_cases)} documents")
    print(f"decisions found: {decisions_found}/{decisions_marked} marked")
    print(f"header fields found: {header_found}/{header_present} present")
    print(f"lost words: {lost}")


if __name__ == "__main__":
    main()
