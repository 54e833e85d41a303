from tests.privacy.conftest import (  # noqa: F401 - fixtures shared with the privacy tests
    make_period,
    make_trainee,
    staff,
    status,
    work_unit,
    world,
    world_of_module,
)
