"""User accounts.

The same model lives in every schema: in the public schema it holds platform operators and
regional coordinators, in a municipality's schema its staff and trainees. A person signed in
to one municipality therefore has no account in any other.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from valmo.integrity import FieldCheckConstraint, FieldUniqueConstraint


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("The e-mail address must be set.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("role", User.Role.PLATFORM_OPERATOR)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    class Role(models.TextChoices):
        TENANT_ADMIN = "tenant_admin", _("Tenant admin")
        WORK_COACH = "work_coach", _("Work coach")
        CAREER_AGENT = "career_agent", _("Career agent")
        UNIT_SUPERVISOR = "unit_supervisor", _("Unit supervisor")
        TRAINEE = "trainee", _("Trainee")
        PLATFORM_OPERATOR = "platform_operator", _("Platform operator")
        REGIONAL_COORDINATOR = "regional_coordinator", _("Regional coordinator")

    username = None  # type: ignore[assignment]  # signed in by e-mail; no username column
    email = models.EmailField(_("e-mail address"), unique=True)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=120, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    # An e-mail manager in place of the username one the stubs expect on AbstractUser.
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.email


# Roles that may exist in a municipality's schema, and those that may exist in the public one.
TENANT_ROLES = frozenset(
    {
        User.Role.TENANT_ADMIN,
        User.Role.WORK_COACH,
        User.Role.CAREER_AGENT,
        User.Role.UNIT_SUPERVISOR,
        User.Role.TRAINEE,
    }
)
TENANT_STAFF_ROLES = TENANT_ROLES - {User.Role.TRAINEE}
# Staff who coach trainees (placement supervisors see only their placements).
COACHING_STAFF_ROLES = frozenset(
    {User.Role.TENANT_ADMIN, User.Role.WORK_COACH, User.Role.CAREER_AGENT}
)
PUBLIC_ROLES = frozenset({User.Role.PLATFORM_OPERATOR, User.Role.REGIONAL_COORDINATOR})


class Invitation(models.Model):
    """A one-time link that lets an invited person set their password.

    The link is a signature over (schema, id, nonce), so it only works in the schema that
    issued it and only while this row is pending; the row itself never holds the link.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    nonce = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("replaced or revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            FieldUniqueConstraint(
                fields=["user"],
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="accounts_invitation_one_open_per_user",
                field="user",
                violation_error_message=_("The user already has an open invitation."),
            )
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"

    @property
    def is_open(self) -> bool:
        """Not yet accepted, replaced or revoked (it may still have expired)."""
        return self.accepted_at is None and self.revoked_at is None

    def is_expired(self, now=None) -> bool:
        return (now or timezone.now()) >= self.expires_at


class SignInLink(models.Model):
    """A one-time sign-in link for a trainee without e-mail, printed or shown by the coach.

    Only a SHA-256 digest of the link's secret is stored; the link works once, for a short
    time, and a new link replaces the open one.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="sign_in_links",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("replaced or revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            FieldCheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="accounts_signinlink_expires_after_created",
                field="expires_at",
                violation_error_message=_("The expiry must be in the future."),
            ),
            FieldUniqueConstraint(
                fields=["user"],
                condition=models.Q(used_at__isnull=True, revoked_at__isnull=True),
                name="accounts_signinlink_one_open_per_user",
                field="user",
                violation_error_message=_("The user already has an open sign-in link."),
            ),
        ]
        verbose_name = _("one-time sign-in link")
        verbose_name_plural = _("one-time sign-in links")

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d %H:%M})"


class SecurityPolicy(models.Model):
    """Sign-in policy of one schema: one row per schema (``singleton = 1``).

    In a municipality's schema the tenant admin edits it; in the public schema it governs
    platform operators and regional coordinators. Without a row the field defaults apply.
    """

    class SsoNewStaffRole(models.TextChoices):
        NONE = "", _("Never create accounts")
        WORK_COACH = User.Role.WORK_COACH.value, User.Role.WORK_COACH.label
        CAREER_AGENT = User.Role.CAREER_AGENT.value, User.Role.CAREER_AGENT.label
        UNIT_SUPERVISOR = User.Role.UNIT_SUPERVISOR.value, User.Role.UNIT_SUPERVISOR.label

    singleton = models.PositiveSmallIntegerField(default=1, unique=True, editable=False)
    mfa_required_for_staff = models.BooleanField(
        _("require two-factor authentication for staff"),
        default=False,
        help_text=_(
            "Staff without an authenticator app or security key must set one up before "
            "they can use anything else."
        ),
    )
    session_idle_minutes = models.PositiveSmallIntegerField(
        _("session idle time-out (minutes)"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(480)],
        help_text=_("A signed-in session ends after this many minutes without activity."),
    )
    trainee_sign_in_allowed = models.BooleanField(
        _("trainees may sign in"),
        default=True,
        help_text=_("When off, trainee accounts cannot sign in and their sessions end."),
    )
    sso_new_staff_role = models.CharField(
        _("role of accounts created by single sign-on"),
        max_length=32,
        choices=SsoNewStaffRole.choices,
        default=SsoNewStaffRole.NONE,
        blank=True,
        help_text=_(
            "By default only people who already have a Valmo account can use single sign-on."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        constraints = [
            FieldCheckConstraint(
                condition=models.Q(singleton=1),
                name="accounts_securitypolicy_singleton",
                field=None,
                violation_error_message=_("The municipality has only one security policy."),
            ),
            FieldCheckConstraint(
                condition=models.Q(session_idle_minutes__gte=5, session_idle_minutes__lte=480),
                name="accounts_securitypolicy_idle_range",
                field="session_idle_minutes",
                violation_error_message=_("The idle time-out must be between 5 and 480 minutes."),
            ),
        ]
        verbose_name = _("security policy")
        verbose_name_plural = _("security policy")

    def __str__(self) -> str:
        return str(_("security policy"))


# Roles an API key may carry: staff roles of a municipality (a key is never a trainee).
API_KEY_ROLES = TENANT_STAFF_ROLES


class ApiKey(models.Model):
    """A municipality's API key for an integration: ``valmo_<prefix>_<secret>``.

    Only the prefix (to find the row and to show in lists) and a SHA-256 digest of the secret
    are stored. The key acts through ``principal``, a user row of the key's role with no
    password, so the one permission layer and the audit log treat it like any account. Keys
    live in the municipality's schema: a key of another municipality is simply not found.
    """

    name = models.CharField(_("name"), max_length=120)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    role = models.CharField(_("role"), max_length=32, choices=User.Role.choices)
    principal = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acting account"),
        on_delete=models.PROTECT,
        related_name="api_key",
        editable=False,
    )
    allowed_networks = models.JSONField(
        _("allowed address ranges"), default=list, blank=True, editable=False
    )
    rate_limit_per_minute = models.PositiveIntegerField(_("requests per minute"), default=120)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            FieldCheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="accounts_apikey_expires_after_created",
                field="expires_at",
                violation_error_message=_("The expiry must be in the future."),
            ),
            FieldCheckConstraint(
                condition=models.Q(rate_limit_per_minute__gte=1, rate_limit_per_minute__lte=6000),
                name="accounts_apikey_rate_limit_range",
                field="rate_limit_per_minute",
                violation_error_message=_("The rate limit must be between 1 and 6000 per minute."),
            ),
        ]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} (valmo_{self.prefix}_…)"

    def is_active(self, now=None) -> bool:
        return self.revoked_at is None and (now or timezone.now()) < self.expires_at
