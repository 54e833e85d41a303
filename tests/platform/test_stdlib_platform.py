import os
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_stdlib_platform_module_is_not_shadowed():
    import platform

    assert platform.system() == os.uname().sysname
    assert Path(platform.__file__).parent == Path(sysconfig.get_paths()["stdlib"])
    assert not (ROOT / "platform" / "__init__.py").exists()
    assert "valmo" in sys.modules  # the Django project itself was imported from platform/
