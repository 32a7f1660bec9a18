"""`python build.py validate --annotations`: errors as GitHub workflow commands."""

from __future__ import annotations

import io

from minitree import mini_datasets, _mini_template  # noqa: F401  (pytest fixtures)
from rollcall import cli
from rollcall.commands import validate
from rollcall.commands.validate import annotation
from rollcall.problems import Problem


def break_cell(path, row_start: str, old: str, new: str) -> int:
    """Replace `old` by `new` in the line starting with `row_start`; return that line's number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith(row_start))
    lines[number] = lines[number].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


def annotations_of(datasets, **kwargs) -> list[str]:
    out = io.StringIO()
    validate.run(datasets, out, **kwargs)
    return [line for line in out.getvalue().splitlines() if line.startswith("::")]


def test_a_broken_cell_becomes_one_error_annotation(mini_datasets):
    before = annotations_of(mini_datasets, annotations=True)
    line = break_cell(mini_datasets / "votes.csv", "hrc-s35-1,", ",2022-11-24,", ",2022-11-31,")

    new = [a for a in annotations_of(mini_datasets, annotations=True) if a not in before]

    assert new == [f"::error file=datasets/votes.csv,line={line},title=type::date: "
                   f"{new[0].split('::date: ', 1)[1]}"]
    assert "2022-11-31" in new[0]


def test_annotations_are_off_by_default(mini_datasets):
    break_cell(mini_datasets / "votes.csv", "hrc-s35-1,", ",2022-11-24,", ",2022-11-31,")
    assert annotations_of(mini_datasets) == []


def test_cli_flag(mini_datasets, capsys):
    break_cell(mini_datasets / "votes.csv", "hrc-s35-1,", ",2022-11-24,", ",2022-11-31,")
    assert cli.main(["validate", "--annotations", "--datasets", str(mini_datasets)]) == 1
    assert "::error file=datasets/votes.csv," in capsys.readouterr().out


def test_escaping_follows_github_rules():
    problem = Problem("data,sets/a:b.csv", 3, "-", "type", "100% wrong\r\nsecond line: a, b")
    assert annotation(problem) == ("::error file=data%2Csets/a%3Ab.csv,line=3,title=type::"
                                   "100%25 wrong%0D%0Asecond line: a, b")


def test_json_report_groups_problems_per_file_with_stable_codes(mini_datasets, capsys):
    import json
    line = break_cell(mini_datasets / "votes.csv", "hrc-s35-1,", ",2022-11-24,", ",2022-11-31,")
    break_cell(mini_datasets / "positions.csv", "hrc-s35-1,CHN,", ",CHN,", ",XXX,")
    assert cli.main(["validate", "--format", "json", "--datasets", str(mini_datasets)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False and report["errors"] == 2
    by_file = {f["path"]: f["problems"] for f in report["files"]}
    [date_problem] = by_file["datasets/votes.csv"]
    assert (date_problem["line"], date_problem["column"], date_problem["code"]) == (line, "date", "type")
    assert [p["code"] for p in by_file["datasets/positions.csv"]] == ["foreign-key"]
    assert set(report["codes"]) == {"type", "foreign-key"}
    assert report["rows"] == {}   # an invalid package has no row counts


def test_json_report_of_valid_data_is_deterministic(mini_datasets, capsys):
    assert cli.main(["validate", "--format", "json", "--datasets", str(mini_datasets)]) == 0
    first = capsys.readouterr().out
    assert cli.main(["validate", "--format", "json", "--datasets", str(mini_datasets)]) == 0
    assert capsys.readouterr().out == first and '"valid": true' in first


PAYLOAD = "2024-04-04\n::error file=README.md,line=1::PWNED\x1b[2J"


def test_a_workflow_command_in_a_cell_cannot_forge_an_annotation_in_any_format(mini_datasets, capsys):
    """Issue 19: a quoted cell holding a newline, a workflow command and a terminal escape."""
    path = mini_datasets / "votes.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",2022-11-24,", ',"' + PAYLOAD + '",', 1), encoding="utf-8")
    for arguments in (["--annotations"], ["--format", "github"], ["--format", "json"], []):
        assert cli.main(["validate", *arguments, "--datasets", str(mini_datasets)]) == 1
        out = capsys.readouterr().out
        assert "\x1b" not in out, arguments
        forged = [line for line in out.splitlines() if line.startswith("::") and "PWNED" in line.split("::")[1]]
        assert not forged, (arguments, forged)
        assert all(not line.startswith("::") or line.startswith("::error file=datasets/") for line in out.splitlines())
        assert "PWNED" in out   # shown, escaped, not dropped
