"""Privacy writes: support access, data-subject export, audit-log export, retention, erasure.

Each is checked through ``accounts.permissions`` and leaves an audit event.
"""

from __future__ import annotations

from .export import (
    AUDIT_COLUMNS,
    EXPORT_FORMAT,
    ExportFile,
    audit_log_export,
    trainee_export,
    trainee_rows,
)
from .export_jobs import export_jobs_delete_for, trainee_export_build, trainee_export_request
from .retention import (
    ANONYMISED_NAME,
    RetentionReport,
    retention_rule_check,
    retention_rule_update,
    retention_run,
    trainee_anonymise,
    trainee_erase,
)
from .support import (
    MAX_SUPPORT_ACCESS,
    support_access_check,
    support_access_grant,
    support_access_revoke,
)

__all__ = [
    "ANONYMISED_NAME",
    "AUDIT_COLUMNS",
    "EXPORT_FORMAT",
    "MAX_SUPPORT_ACCESS",
    "ExportFile",
    "RetentionReport",
    "audit_log_export",
    "export_jobs_delete_for",
    "retention_rule_check",
    "retention_rule_update",
    "retention_run",
    "support_access_check",
    "support_access_grant",
    "support_access_revoke",
    "trainee_anonymise",
    "trainee_erase",
    "trainee_export",
    "trainee_export_build",
    "trainee_export_request",
    "trainee_rows",
]
