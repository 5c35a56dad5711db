"""``render_blocks``: chosen nodes as text, one block per paragraph or heading."""

from __future__ import annotations

from cleaner.extraction.dom import parse
from cleaner.extraction.text import render_blocks


def blocks(html: str) -> list[str]:
    root = parse(f"<html><body><div id='root'>{html}</div></body></html>").css_first("#root")
    assert root is not None
    return render_blocks((root,))


def test_paragraphs_and_headings_are_one_block_each() -> None:
    assert blocks("<h2>Roads first</h2><p>One.</p><p>Two.</p><ul><li>Three</li></ul>") == [
        "Roads first",
        "One.",
        "Two.",
        "Three",
    ]


def test_inline_elements_are_joined_into_their_block() -> None:
    html = "<p>The <b>council</b> voted <a href='/x'>on Tuesday</a>, <em>again</em>.</p>"
    assert blocks(html) == ["The council voted on Tuesday, again."]


def test_loose_inline_text_around_a_block_makes_its_own_blocks() -> None:
    assert blocks("<span>before</span> text<div>block</div>after") == [
        "before text",
        "block",
        "after",
    ]


def test_br_is_a_line_break_inside_the_block() -> None:
    assert blocks("<p>Line one<br>Line two<br/>  Line three</p>") == [
        "Line one\nLine two\nLine three"
    ]


def test_pre_keeps_its_line_breaks_and_indentation() -> None:
    code = "def f():\n    return 1\n\n# end"
    assert blocks(f"<p>Before.</p><pre>{code}</pre><p>After.</p>") == ["Before.", code, "After."]


def test_table_cells_are_tab_separated_one_row_per_line() -> None:
    html = "<table><tr><th>Year</th><th>Budget</th></tr><tr><td>2024</td><td>$5 m</td></tr></table>"
    assert "\n".join(blocks(html)) == "Year\tBudget\n2024\t$5 m"


def test_table_rows_are_separate_lines() -> None:
    html = "<table><tr><td>Year</td></tr><tr><td>2024</td></tr></table>"
    assert "\n".join(blocks(html)).split("\n") == ["Year", "2024"]


def test_nbsp_and_runs_of_white_space_collapse() -> None:
    assert blocks("<p>a&nbsp;&nbsp;b \t  c</p>") == ["a b c"]


def test_source_newlines_inside_a_paragraph_collapse() -> None:
    assert blocks("<p>The council voted\n   on Tuesday.</p>") == ["The council voted on Tuesday."]


def test_images_and_comments_are_skipped() -> None:
    html = "<p>Before.</p><img src='x.jpg' alt='Alt words'><!-- a comment --><p>After.</p>"
    assert blocks(html) == ["Before.", "After."]


def test_empty_blocks_are_dropped() -> None:
    assert blocks("<p> </p><div>&nbsp;</div><p>Text.</p>") == ["Text."]


def test_several_nodes_render_in_order() -> None:
    doc = parse(
        "<html><body><p id='a'>First.</p><div>skip</div><p id='b'>Second.</p></body></html>"
    )
    first, second = doc.css_first("#a"), doc.css_first("#b")
    assert first is not None
    assert second is not None
    assert render_blocks((first, second)) == ["First.", "Second."]


def test_deep_nesting_is_fine() -> None:
    assert blocks("<div>" * 3000 + "<p>Deep text.</p>" + "</div>" * 3000) == ["Deep text."]
