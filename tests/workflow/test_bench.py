"""The bench's own plumbing: our build with or without the search index, and
Pagefind's figures reported apart. Speed itself is measured by `invoke bench`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from benchmarks import build_ours
from benchmarks.bench import (
    Run,
    describe_disk,
    disk_probe,
    mount_of,
    report,
    scratch_folder,
    timed,
)
from tests.conftest import NORWAY_REPOSITORY, write_tree


def test_our_build_writes_pagefinds_own_figures(tmp_path):
    write_tree(tmp_path / "repo", NORWAY_REPOSITORY)
    figures = tmp_path / "figures.json"
    argv = [str(tmp_path / "repo"), str(tmp_path / "out"), "--no-cache"]
    assert build_ours.main([*argv, "--figures", str(figures)]) == 0
    stats = json.loads(figures.read_text(encoding="utf-8"))
    assert stats["pages"] > 0 and stats["files"] > stats["pages"]
    assert stats["seconds"] > 0 and stats["cpu_seconds"] > 0
    assert (tmp_path / "out" / "pagefind" / "pagefind-entry.json").is_file()


def test_without_the_search_index_there_is_no_pagefind_and_no_figures(tmp_path):
    write_tree(tmp_path / "repo", NORWAY_REPOSITORY)
    figures = tmp_path / "figures.json"
    argv = [str(tmp_path / "repo"), str(tmp_path / "out"), "--no-cache"]
    assert build_ours.main([*argv, "--no-search-index", "--figures", str(figures)]) == 0
    assert json.loads(figures.read_text(encoding="utf-8")) is None
    assert (tmp_path / "out" / "index.html").is_file()
    assert not (tmp_path / "out" / "pagefind").exists()


def test_a_timed_run_reads_the_figures_its_command_wrote(tmp_path):
    figures = tmp_path / "figures.json"
    write = f"open({str(figures)!r}, 'w').write('{{\"seconds\": 1.5, \"cpu_seconds\": 2.5}}')"
    run = timed([sys.executable, "-c", write], tmp_path, figures)
    assert (run.pagefind_seconds, run.pagefind_cpu_seconds) == (1.5, 2.5)
    figures.write_text("null", encoding="utf-8")
    run = timed([sys.executable, "-c", "pass"], tmp_path, figures)
    assert run.pagefind_seconds is None
    assert timed([sys.executable, "-c", "pass"], tmp_path).pagefind_seconds is None
    assert Run(1.0, 1.0, 1).pagefind_cpu_seconds is None


def test_a_timed_run_tells_the_kernels_part_of_its_cpu_time(tmp_path):
    files = (
        "import os\nfor n in range(300):\n    open(f'f{n}', 'wb').write(b'x' * 4096)\n"
    )
    run = timed([sys.executable, "-c", files], tmp_path)
    assert 0 < run.system_seconds <= run.cpu_seconds


def row(**pagefind) -> dict:
    return {
        "posts": 1428,
        "chapters": 84,
        "ours_cold_s": 10.0,
        "plain_cold_s": 5.0,
        "ours_cold_cpu": 12.0,
        "plain_cold_cpu": 5.0,
        "ours_cold_mb": 200.0,
        "plain_cold_mb": 57.0,
        "ours_files": 4000,
        "plain_files": 1682,
        **pagefind,
    }


def test_the_report_gives_pagefinds_time_per_size_when_it_ran():
    lines = []
    report(
        {
            "1400": row(
                ours_cold_pagefind_s=2.5,
                ours_cold_pagefind_cpu=3.0,
                ours_rebuild_pagefind_s=2.0,
                ours_rebuild_pagefind_cpu=2.75,
            )
        },
        lines.append,
    )
    assert "| 1,428 | 2.50 s / 3.00 s | - | 2.00 s / 2.75 s | 25% |" in lines
    lines.clear()
    report({"1400": row()}, lines.append)
    assert not any("Pagefind" in line for line in lines)


def test_the_report_gives_a_second_rebuild_where_one_ran():
    lines = []
    figures = {
        "ours_fill_s": 11.0,
        "plain_fill_s": 6.0,
        "ours_rebuild_s": 4.0,
        "plain_rebuild_s": 2.0,
        "ours_rebuild_cpu": 4.0,
        "ours_again_s": 2.5,
        "plain_again_s": 2.0,
    }
    report({"1400": row(**figures)}, lines.append)
    assert "| 1,428 | 2.50 s | 2.00 s | 1.25 | 0.25 |" in lines
    lines.clear()
    report({"1400": row()}, lines.append)
    assert not any("second rebuild" in line for line in lines)


MOUNTS = """\
/dev/vda / ext4 rw,relatime,discard 0 0
tmpfs /dev/shm tmpfs rw,nosuid,nodev 0 0
/dev/vdb /srv/my\\040data xfs rw 0 0
"""


def test_the_mount_holding_a_folder_is_the_longest_mount_point_above_it():
    assert mount_of(Path("/tmp/bench"), MOUNTS) == ("/", "ext4", "rw,relatime,discard")
    assert mount_of(Path("/dev/shm/b/450"), MOUNTS)[:2] == ("/dev/shm", "tmpfs")
    assert mount_of(Path("/dev/shmem"), MOUNTS)[0] == "/"  # not a parent
    assert mount_of(Path("/srv/my data/b"), MOUNTS)[1] == "xfs"
    assert mount_of(Path("/x"), "") == ("", "unknown", "")


def test_the_disk_probe_leaves_nothing_behind(tmp_path):
    assert disk_probe(tmp_path, files=60, size=10) > 0
    assert list(tmp_path.iterdir()) == []
    assert describe_disk(tmp_path).startswith("scratch folder on ")


def test_the_default_scratch_folder_goes_at_the_end_even_when_interrupted():
    with scratch_folder(None) as folder:
        (folder / "450" / "repo").mkdir(parents=True)
        (folder / "450" / "repo" / "post.md").write_text("x", encoding="utf-8")
    assert not folder.exists()
    try:
        with scratch_folder(None) as folder:
            (folder / "site").mkdir()
            raise KeyboardInterrupt
    except KeyboardInterrupt:
        pass
    assert not folder.exists()


def test_a_scratch_folder_given_with_work_is_kept(tmp_path):
    with scratch_folder(tmp_path / "bench") as folder:
        folder.mkdir()
        (folder / "post.md").write_text("x", encoding="utf-8")
    assert folder == tmp_path / "bench"
    assert (folder / "post.md").read_text(encoding="utf-8") == "x"
