"""The production image's rules, checked on the parsed Dockerfile (no image builds here)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.infra.dockerfile import instructions, stages

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
BUILD_TOOLS = re.compile(
    r"\b(build-essential|gcc|g\+\+|clang|make|cmake|nodejs|npm|git|curl|wget|[\w.+-]+-dev)\b"
)


@pytest.fixture(scope="module")
def parsed():
    return stages(DOCKERFILE)


def test_every_stage_starts_from_a_slim_base_pinned_by_digest(parsed):
    _, all_stages = parsed
    assert len(all_stages) >= 2, "a multi-stage build"
    for stage in all_stages:
        assert re.fullmatch(r"[\w./-]+:[\w.-]*slim[\w.-]*@sha256:[0-9a-f]{64}", stage.image), (
            f"stage {stage.name}: {stage.image} is not a slim image pinned by digest"
        )
    assert len({stage.image for stage in all_stages}) == 1, "one base for every stage"


def test_the_final_stage_runs_as_a_non_root_user(parsed):
    final = parsed[1][-1]
    users = final.all("USER")
    assert users, "the final stage sets USER"
    user = users[-1].args.split(":")[0]
    assert user not in {"root", "0"}
    # Nothing after the switch runs as root again, and nothing is installed after it.
    last_user = max(i for i, ins in enumerate(final.instructions) if ins.keyword == "USER")
    assert all(ins.keyword != "RUN" for ins in final.instructions[last_user:])
    creates = " ".join(ins.args for ins in final.all("RUN"))
    assert "useradd" in creates, "the user is created in the final stage"
    assert user in creates


def test_the_final_stage_has_a_health_check_that_exists(parsed):
    final = parsed[1][-1]
    checks = final.all("HEALTHCHECK")
    assert len(checks) == 1
    assert not checks[0].args.upper().startswith("NONE")
    script = re.search(r"/app/(\S+\.py)", checks[0].args)
    assert script
    assert (ROOT / script.group(1)).is_file()


def test_no_build_tools_in_the_final_stage(parsed):
    final = parsed[1][-1]
    for run in final.all("RUN"):
        for segment in re.split(r"&&|;", run.args):
            words = shlex.split(segment)
            if words[:2] in (["apt-get", "install"], ["apt", "install"]):
                packages = [w for w in words[2:] if not w.startswith("-")]
                tools = [p for p in packages if BUILD_TOOLS.fullmatch(p)]
                assert not tools, f"build tools in the final stage: {tools}"
            assert "pip install" not in segment
            assert "uv " not in segment
    # What it copies comes from the build stages, whole (never the build context's venv).
    built = {stage.name for stage in parsed[1][:-1]}
    for copy in final.all("COPY"):
        source = re.search(r"--from=(\S+)", copy.args)
        assert source, f"the final stage copies from the build context: {copy.args!r}"
        assert source.group(1) in built


def test_the_web_runs_under_gunicorn_and_the_install_follows_the_lock(parsed):
    final = parsed[1][-1]
    assert "gunicorn" in final.all("CMD")[-1].args
    runs = " ".join(i.args for stage in parsed[1] for i in stage.all("RUN"))
    assert "uv sync --locked" in runs
    assert "--no-dev" in runs
    assert "npm ci" in runs
    # The same uv as scripts/install.sh.
    install = (ROOT / "scripts" / "install.sh").read_text()
    version = re.search(r"^UV_VERSION=(\S+)$", install, re.MULTILINE).group(1)
    assert f'"uv=={version}"' in runs


def test_dockerignore_keeps_local_state_out_of_the_build_context():
    ignored = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".git", ".venv", "var", "node_modules"} <= ignored


def test_the_reader_joins_continuations_and_skips_comments():
    text = "# c\nFROM a:slim@sha256:x AS one\nRUN a \\\n  # inside\n  && b\nUSER x\n"
    assert [(i.keyword, i.args) for i in instructions(text)] == [
        ("FROM", "a:slim@sha256:x AS one"),
        ("RUN", "a  && b"),
        ("USER", "x"),
    ]
