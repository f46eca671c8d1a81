"""Reading PDF and Word minutes: real files made here (WeasyPrint, python-docx), read into points and decisions."""

from __future__ import annotations

from pathlib import Path

import pytest

from repo_layout.importing.importer import minutes_files
from repo_layout.importing.parsing import parse_minutes
from repo_layout.importing.pdf_text import clean_pages
from repo_layout.importing.report import ImportFailure
from repo_layout.importing.source import load

PAGE_CSS = (
    "@page { size: A4; margin: 2cm; @top-center { content: 'Teknik- og Miljøudvalget – Referat 12. marts 2024' }"
    " @bottom-right { content: 'Side ' counter(page) ' af ' counter(pages) } }"
    " body { font: 11pt serif; hyphens: auto } .columns { columns: 2 }"
)
FILLER = "Udvalget drøftede kvartalsrapporteringen og konstaterede et merforbrug på vintertjenesten. " * 14
TITLES = ["Godkendelse af dagsorden", "Budgetopfølgning, første kvartal", "Vejvedligeholdelse 2024", "Eventuelt"]


def make_pdf(path: Path, columns: bool = False) -> Path:
    """Minutes as a PDF over several pages, with a running header, page numbers and hyphenated words."""
    from weasyprint import HTML

    points = "".join(
        f"<h2>{number}. {title}</h2><p>{FILLER}</p><p><b>Beslutning</b><br>Godkendt som indstillet.</p>"
        for number, title in enumerate(TITLES, start=1)
    )
    body = f"<div class='columns'>{points}</div>" if columns else points
    header = "<h1>Referat</h1><p>Mødedato: 12. marts 2024 kl. 9.00</p><p>Sted: Rådhuset, mødelokale 2</p>"
    HTML(string=f"<html lang='da'><style>{PAGE_CSS}</style><body>{header}{body}</body></html>").write_pdf(path)
    return path


@pytest.mark.parametrize("columns", [False, True])
def test_a_pdf_reads_into_its_points_without_the_page_header_or_numbers(tmp_path: Path, columns: bool) -> None:
    source = load(make_pdf(tmp_path / "referat.pdf", columns))
    assert "Side 1 af" not in source.text and "Teknik- og Miljøudvalget – Referat" not in source.text
    assert source.information == ["Teknik- og Miljøudvalget – Referat 12. marts 2024"]
    assert "merforbrug" in source.text and "‐" not in source.text  # hyphenation joined again
    meeting, _ = parse_minutes(source.text, "referat.pdf")
    assert [point.title for point in meeting.points] == TITLES  # a title a narrow column wrapped is joined again
    assert all((point.decision or "").strip() == "Godkendt som indstillet." for point in meeting.points)
    assert str(meeting.date) == "2024-03-12"


def test_the_import_keeps_a_pdfs_running_header_in_the_information(tmp_path: Path) -> None:
    from repo_layout.importing.importer import import_files

    forum = tmp_path / "forum"
    forum.mkdir()
    [(meeting, report)] = import_files([make_pdf(tmp_path / "referat.pdf")], forum, dry_run=True)
    assert "Teknik- og Miljøudvalget – Referat 12. marts 2024" in (meeting.information or "")
    assert any("page numbers dropped" in note for note in report.guesses)
    assert meeting.dump().count("Teknik- og Miljøudvalget") == 1


def test_only_lines_repeated_at_the_same_edge_of_the_pages_are_taken_out() -> None:
    pages = [
        [
            "Byrådet 2024",
            f"{number}. Punkt {number}",
            "Godkendt.",
            *["Tekst", "Godkendt."] * 3,
            "Godkendt.",
            "Tekst",
            f"- {number} -",
        ]
        for number in range(1, 4)
    ]
    read = clean_pages(pages)
    assert read.furniture == ["Byrådet 2024"] and read.page_numbers == 3
    assert read.text.count("Godkendt.") == 15 and read.text.count("Tekst") == 12 and "1. Punkt 1" in read.text


def test_a_numbered_title_wrapped_by_the_page_is_joined_but_not_a_sentence() -> None:
    lines = [
        "2. Budgetopfølgning for 1.",
        "kvartal",
        "Forvaltningen har udarbejdet",
        "en opfølgning.",
        "3. Veje",
        "Ny belægning.",
    ]
    assert clean_pages([lines]).text.splitlines() == [
        "2. Budgetopfølgning for 1. kvartal",
        "Forvaltningen har udarbejdet",
        "en opfølgning.",
        "3. Veje",
        "Ny belægning.",
    ]


def test_a_scanned_pdf_without_a_text_layer_is_refused_in_one_clear_line(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "scan.pdf"
    Image.new("RGB", (200, 280), "white").save(path)
    with pytest.raises(ImportFailure) as refused:
        load(path)
    assert str(refused.value.args[0]) == f"{path}: no text layer: a scanned PDF needs OCR first"


@pytest.mark.parametrize(
    ("name", "data", "said"), [("broken.pdf", b"%PDF-1.4 nothing", "not a PDF"), ("x.docx", b"PK no", "not a Word")]
)
def test_a_broken_pdf_or_word_file_is_refused(tmp_path: Path, name: str, data: bytes, said: str) -> None:
    (tmp_path / name).write_bytes(data)
    with pytest.raises(ImportFailure) as refused:
        load(tmp_path / name)
    assert said in str(refused.value.args[0]) and "\n" not in str(refused.value.args[0])


def make_docx(path: Path) -> Path:
    """Minutes as Word writes them: a title, a table of facts, a numbered agenda, headings, bold run-in labels."""
    import docx

    document = docx.Document()
    document.add_paragraph("Referat af bestyrelsesmøde i Grundejerforeningen Skovbrynet", style="Title")
    table = document.add_table(rows=3, cols=2)
    for row, (label, value) in enumerate(
        [("Dato", "14. maj 2024 kl. 19.00"), ("Sted", "Fælleshuset"), ("Til stede", "Anna Holm, Bo Vestergaard")]
    ):
        table.cell(row, 0).text, table.cell(row, 1).text = label, value
    for title in ("Godkendelse af dagsorden", "Regnskab 2023", "Eventuelt"):
        document.add_heading(title, level=1)
        if title == "Regnskab 2023":
            document.add_paragraph("Kassereren gennemgik regnskabet:")
            for item in ("Indtægter 84.000 kr.", "Udgifter 79.500 kr."):
                document.add_paragraph(item, style="List Number")
        else:
            document.add_paragraph("Intet at bemærke.")
        paragraph = document.add_paragraph()
        paragraph.add_run("Beslutning:").bold = True
        paragraph.add_run(" Godkendt.")
    document.save(path)
    return path


def test_a_word_document_reads_into_headings_lists_tables_and_decisions(tmp_path: Path) -> None:
    source = load(make_docx(tmp_path / "referat.docx"))
    assert "Dato: 14. maj 2024 kl. 19.00" in source.text and "Til stede: Anna Holm, Bo Vestergaard" in source.text
    assert "1. Indtægter 84.000 kr.\n2. Udgifter 79.500 kr." in source.text
    assert "**Beslutning:** Godkendt." in source.text
    meeting, _ = parse_minutes(source.text, "referat.docx")
    assert [point.title for point in meeting.points] == ["Godkendelse af dagsorden", "Regnskab 2023", "Eventuelt"]
    assert [(point.decision or "").strip() for point in meeting.points] == ["Godkendt."] * 3
    assert str(meeting.date) == "2024-05-14"
    assert "Indtægter 84.000 kr." in meeting.dump().split("Regnskab 2023")[1].split("Eventuelt")[0]


def test_a_folder_is_searched_for_minutes_files_in_name_order(tmp_path: Path) -> None:
    for name in ("b/2.docx", "a/1.txt", "a/notes.odt", ".git/x.txt", "c.md", "d.PDF", "~$lock.docx"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = minutes_files([tmp_path])
    assert [path.relative_to(tmp_path).as_posix() for path, _ in found] == ["c.md", "d.PDF", "a/1.txt", "b/2.docx"]
    assert not any(named for _, named in found)


def test_a_hostile_word_or_pdf_file_is_unreadable_never_a_crash(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """A zip bomb, a Word file whose XML is broken, and random bytes called .pdf: each one line, nothing printed by
    the parsers themselves."""
    import os
    import zipfile

    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<a>" + "x" * 60_000_000 + "</a>")
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types><<<")
        archive.writestr("word/document.xml", "<w:document")
    noise = tmp_path / "noise.pdf"
    noise.write_bytes(os.urandom(3000))
    for path, said in ((bomb, "unpacks to 60 MB"), (broken, "broken.docx"), (noise, "noise.pdf")):
        with pytest.raises(ImportFailure) as refused:
            load(path)
        assert said in str(refused.value) and "\n" not in str(refused.value)
    assert capfd.readouterr().err == ""
