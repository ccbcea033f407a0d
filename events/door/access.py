"""Who may use the door: staff with the check-in permission.

Every scan asks, so the answer comes with the summit the scan is for, in one
query written in SQL (`door_summit`), rather than from `user.has_perm()`, which
loads all of the user's permissions in two queries whose ORM compilation alone
took longer than the rest of a scan (and the ORM's compilation of the summit's
query took 1.0-1.3 ms of a scan's CPU, the SQL 0.3 ms). It answers as Django's
model backend does (allauth's backend extends it and adds nothing for
permissions): an active superuser may, anyone else needs the permission directly
or through a group.
"""

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from ..models import SummitPage

CHECK_IN_PERMISSION = "events.check_in_attendee"
APP_LABEL, CODENAME = CHECK_IN_PERMISSION.split(".")

_PERMISSION_SQL = """
    EXISTS (
        SELECT 1 FROM {permission} p
        JOIN {content_type} ct ON ct.id = p.content_type_id
        JOIN {user_permissions} up ON up.{up_permission} = p.id
        WHERE up.{up_user} = %s AND ct.app_label = %s AND p.codename = %s
    ) OR EXISTS (
        SELECT 1 FROM {permission} p
        JOIN {content_type} ct ON ct.id = p.content_type_id
        JOIN {group_permissions} gp ON gp.{gp_permission} = p.id
        JOIN {user_groups} ug ON ug.{ug_group} = gp.{gp_group}
        WHERE ug.{ug_user} = %s AND ct.app_label = %s AND p.codename = %s
    )
"""


@cache
def _permission_sql():
    user_model = get_user_model()
    user_permissions = user_model.user_permissions.through._meta
    user_groups = user_model.groups.through._meta
    group_permissions = Group.permissions.through._meta
    return _PERMISSION_SQL.format(
        permission=Permission._meta.db_table,
        content_type=ContentType._meta.db_table,
        user_permissions=user_permissions.db_table,
        up_user=user_permissions.get_field("user").column,
        up_permission=user_permissions.get_field("permission").column,
        user_groups=user_groups.db_table,
        ug_user=user_groups.get_field("user").column,
        ug_group=user_groups.get_field("group").column,
        group_permissions=group_permissions.db_table,
        gp_group=group_permissions.get_field("group").column,
        gp_permission=group_permissions.get_field("permission").column,
    )


_SUMMIT_SQL = """
    SELECT p.id, s.{summit_page}, p.title, s.start, s."end", ({may}) AS may_check_in
    FROM {summit} s JOIN {page} p ON p.id = s.{summit_page}
    WHERE s.{summit_page} = %s AND p.live
"""


@cache
def _summit_sql(may):
    return _SUMMIT_SQL.format(
        may=may,
        summit=SummitPage._meta.db_table,
        summit_page=SummitPage._meta.pk.column,
        page=Page._meta.db_table,
    )


def door_summit(*, user, summit_id):
    """The live summit with this id, with only what the door shows of it (title,
    start, end) and `may_check_in`: whether the signed-in `user` may check people
    in there, as `user.has_perm(CHECK_IN_PERMISSION)` would answer. None if there
    is no such live summit. Whether its door is open is the caller's question
    (`services.door_is_open`)."""
    if not user.is_active or user.is_superuser:
        may, params = ("TRUE" if user.is_active else "FALSE"), []
    else:
        may, params = _permission_sql(), [user.pk, APP_LABEL, CODENAME] * 2
    rows = SummitPage.objects.raw(_summit_sql(may), [*params, summit_id])
    return next(iter(rows), None)
