"""A small Dockerfile reader for the tests: instructions per stage, ARGs resolved in FROM.

These machines cannot build images, so the image's rules are checked on the parsed file.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Instruction:
    keyword: str
    args: str


@dataclass
class Stage:
    name: str | None
    image: str
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]


def instructions(text: str) -> list[Instruction]:
    """Logical instructions: comments dropped, backslash continuations joined."""
    result: list[Instruction] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):  # a comment inside a continued instruction
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        full = (pending + line).strip()
        pending = ""
        keyword, _, args = full.partition(" ")
        result.append(Instruction(keyword.upper(), args.strip()))
    return result


def stages(path: Path) -> tuple[dict[str, str], list[Stage]]:
    """The global ARGs (before the first FROM) and the stages in order."""
    global_args: dict[str, str] = {}
    result: list[Stage] = []
    for instruction in instructions(path.read_text()):
        if instruction.keyword == "ARG" and not result:
            name, _, default = instruction.args.partition("=")
            global_args[name.strip()] = default.strip()
            continue
        if instruction.keyword == "FROM":
            words = [w for w in shlex.split(instruction.args) if not w.startswith("--")]
            image = re.sub(
                r"\$\{?(\w+)\}?", lambda m: global_args.get(m.group(1), m.group(0)), words[0]
            )
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else None
            result.append(Stage(name=name, image=image))
            continue
        if result:
            result[-1].instructions.append(instruction)
    return global_args, result
