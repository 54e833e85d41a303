"""Read infra/terraform with python-hcl2 into plain values: resources, variables, modules.

python-hcl2 keeps HCL's quotes on block labels and literal strings ('"aws_s3_bucket"',
'"x"'); they are removed here so tests compare plain strings. Expressions stay as '${…}'.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import hcl2

ROOT = Path(__file__).resolve().parents[2]
TERRAFORM = ROOT / "infra" / "terraform"


def plain(value: Any) -> Any:
    if isinstance(value, str):
        if len(value) >= 2 and value[0] == value[-1] == '"':
            return value[1:-1]
        return value
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {
            plain(k): plain(v)
            for k, v in value.items()
            if k not in ("__is_block__", "__comments__", "__inline_comments__")
        }
    return value


@dataclass(frozen=True)
class Block:
    kind: str  # resource, data, module, variable
    type: str  # aws_s3_bucket (resources and data), else ""
    name: str
    body: dict
    file: Path

    @property
    def address(self) -> str:
        return f"{self.file.relative_to(TERRAFORM)}:{self.type}.{self.name}"

    def blocks(self, name: str) -> list[dict]:
        """A nested block, always as a list (HCL allows it to repeat)."""
        value = self.body.get(name, [])
        return value if isinstance(value, list) else [value]


def load(path: Path) -> dict:
    return _load(path, path.stat().st_mtime_ns)


@cache
def _load(path: Path, mtime: int) -> dict:
    """Parsed once per test session (python-hcl2 takes about a second per file)."""
    with path.open() as handle:
        return plain(hcl2.load(handle))


def blocks(kind: str, type_: str | None = None) -> list[Block]:
    found = []
    for path in sorted(TERRAFORM.rglob("*.tf")):
        if ".terraform" in path.parts:
            continue
        for entry in load(path).get(kind, []):
            if kind in ("resource", "data"):
                for rtype, named in entry.items():
                    for name, body in named.items():
                        if type_ is None or rtype == type_:
                            found.append(Block(kind, rtype, name, body, path))
            else:
                for name, body in entry.items():
                    found.append(Block(kind, "", name, body, path))
    return found


def resources(type_: str | None = None) -> list[Block]:
    return blocks("resource", type_)


def by_reference(type_: str) -> dict[str, Block]:
    """Resources of a type by their name within their module file, e.g. 'files'."""
    return {block.name: block for block in resources(type_)}


def tfvars(environment: str) -> dict:
    return load(TERRAFORM / "environments" / f"{environment}.tfvars")
