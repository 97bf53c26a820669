"""`invoke check` reports every problem of the repository at once, as text or annotations."""

from __future__ import annotations


def test_check_passes_a_valid_repository(norway):
    code, out = norway.check()
    assert code == 0
    assert out.startswith("ok: 2 chapters and 1 items are valid")


def test_check_reports_all_errors_of_all_files_in_one_run(norway):
    norway.write(
        {
            "chapters/oslo/chapter.yaml": "name: Oslo\nlevel: local\nparent: norwya\ncountry: NO\n",
            "chapters/bergen/chapter.yaml": "name: Bergen\nlevel: local\ncountry: NO\nnmae: x\n",
            "chapters/Trondheim/chapter.yaml": "name: T\n",
        }
    )
    code, out = norway.check()
    assert code == 1
    lines = out.splitlines()
    assert (
        "chapters/Trondheim: folder name 'Trondheim' is not a valid chapter slug" in out
    )
    assert any(
        line.startswith("chapters/bergen/chapter.yaml:4:1: unknown field 'nmae'")
        and "did you mean 'name'?" in line
        for line in lines
    )
    assert any(
        line.startswith(
            "chapters/oslo/chapter.yaml:3:9: parent 'norwya' is not a chapter"
        )
        and "did you mean 'norway'?" in line
        for line in lines
    )
    assert lines[-1] == "3 errors in 3 files"


def test_check_github_format_prints_annotations(norway):
    norway.write(
        {
            "chapters/oslo/chapter.yaml": "name: Oslo\nlevel: local\ncountry: NO\nmeetings:\n  frequency: daily\n"
        }
    )
    code, out = norway.check(fmt="github")
    assert code == 1
    assert out.strip() == (
        "::error file=chapters/oslo/chapter.yaml,line=5,col=14::'meetings.frequency' "
        "must be one of weekly, fortnightly, monthly, bimonthly, quarterly, irregular "
        "— got 'daily'"
    )


def test_bad_settings_of_every_plugin_are_reported_together_without_a_traceback(norway):
    import io

    from plugins.runner import build, check

    settings = norway.settings()
    settings["FEEDS_MAX_ITEMS"] = -3
    settings["FRESHNESS_ACTIVE_DAYS"] = "ninety"
    for run in (check, build):
        out = io.StringIO()
        assert run(settings, out=out) == 2
        assert "FRESHNESS_ACTIVE_DAYS = 'ninety'" in out.getvalue()
        assert "FEEDS_MAX_ITEMS = -3" in out.getvalue()
    assert not norway.output.exists()
