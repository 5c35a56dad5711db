"""The command line: records on stdout (or -o), logs on stderr, exit codes 0 / 1 / 2.

Most cases run ``cleaner.cli.main`` in-process; a few run ``python -m cleaner`` to check the
real exit code, the separation of the two streams, and stdin.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner.cli import main
from cleaner.models import Article

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
GOOD = str(FIXTURES / "semantic-html5.html")
OTHER = str(FIXTURES / "date-meta-only.html")
NO_ARTICLE = str(FIXTURES / "no-article.html")
NEWSLETTER = str(FIXTURES / "newsletter-mid-divsoup.html")
SEEDS = FIXTURES / "seeds"


def records(out: str) -> list[Article]:
    """Every stdout line must be one valid record; nothing else may be there."""
    return [Article.model_validate_json(line) for line in out.splitlines()]


def run(*args: str, stdin: bytes = b"", cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "cleaner", *args],
        input=stdin,
        cwd=cwd,
        capture_output=True,
        timeout=60,
        check=False,
    )
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode(), result.stderr.decode()
    )


# --- extract, in-process -------------------------------------------------------------------


def test_extract_prints_one_record_per_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", GOOD, OTHER]) == 0
    out, err = capsys.readouterr()
    articles = records(out)
    assert len(articles) == 2
    assert all(a.text for a in articles)
    assert err == ""


def test_one_failed_input_exits_1_and_names_file_and_code(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        assert main(["extract", GOOD, NO_ARTICLE]) == 1
    assert len(records(capsys.readouterr().out)) == 1
    assert any("no-article.html" in m and "no_article" in m for m in caplog.messages)


def test_missing_file_is_a_failure_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    missing = str(tmp_path / "missing.html")
    assert main(["extract", missing, GOOD]) == 1
    assert len(records(capsys.readouterr().out)) == 1
    assert any("missing.html" in m for m in caplog.messages)


def test_output_file_gets_the_records_and_stdout_stays_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "sub" / "out.jsonl"
    assert main(["extract", GOOD, OTHER, "-o", str(target)]) == 0
    assert capsys.readouterr().out == ""
    assert len(records(target.read_text(encoding="utf-8"))) == 2


def test_url_option_is_recorded(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "--url", "https://example.com/a", GOOD]) == 0
    assert records(capsys.readouterr().out)[0].url == "https://example.com/a"


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["extract"],
        ["extract", "--no-such-flag", GOOD],
        ["extract", "--url", "https://example.com/a", GOOD, OTHER],
        ["clean-text"],
        ["no-such-command"],
    ],
    ids=[
        "no-command",
        "no-files",
        "unknown-flag",
        "url-with-two-files",
        "clean-text-no-files",
        "unknown-command",
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "usage:" in err


# --- explain, schema, clean-text -----------------------------------------------------------


def test_explain_shows_rule_ids_and_reasons(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "--explain", NEWSLETTER]) == 0
    out = capsys.readouterr().out
    assert "[newsletter-signup]" in out
    line = next(line for line in out.splitlines() if "[newsletter-signup]" in line)
    assert line.split("]", 1)[1].strip(), "a removal must come with its reason"


def test_explain_of_a_page_without_article_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "--explain", NO_ARTICLE]) == 1
    assert "no_article" in capsys.readouterr().out


def test_schema_lists_every_article_field(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert set(Article.model_fields) <= set(schema["properties"])
    assert schema["additionalProperties"] is False


def test_clean_text_gives_the_seed_titles(capsys: pytest.CaptureFixture[str]) -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    assert len(seeds) >= 2, f"no seed texts in {SEEDS}"
    assert main(["clean-text", *map(str, seeds)]) == 0
    titles = [a.title for a in records(capsys.readouterr().out)]
    expected = [
        json.loads(seed.with_suffix(".expected.json").read_text(encoding="utf-8"))["title"]
        for seed in seeds
    ]
    assert titles == expected


# --- the real process ----------------------------------------------------------------------


def test_process_separates_records_from_errors_and_exits_1() -> None:
    result = run("extract", GOOD, "does-not-exist.html", NO_ARTICLE)
    assert result.returncode == 1
    assert len(records(result.stdout)) == 1
    assert "no-article.html" in result.stderr
    assert "no_article" in result.stderr
    assert "does-not-exist.html" in result.stderr
    assert "Traceback" not in result.stderr


def test_process_reads_stdin_and_exits_0() -> None:
    result = run("extract", "-", stdin=Path(GOOD).read_bytes())
    assert result.returncode == 0, result.stderr
    assert len(records(result.stdout)) == 1
    assert result.stderr == ""


def test_process_usage_error_exits_2() -> None:
    result = run("extract")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "usage:" in result.stderr
