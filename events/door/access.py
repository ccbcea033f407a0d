"""Who may use the door: staff with the check-in permission.

Every scan asks, so the answer costs one small SQL expression (`may_check_in`)
added to the query that loads the summit, rather than `user.has_perm()`, which
loads all of the user's permissions in two queries whose ORM compilation alone
took longer than the rest of a scan. It answers as Django's model backend does
(allauth's backend extends it and adds nothing for permissions): an active
superuser may, anyone else needs the permission directly or through a group.
"""

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, Value
from django.db.models.expressions import RawSQL

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


def may_check_in(user):
    """An expression for a query's select list: whether the signed-in `user` may
    check people in, as `user.has_perm(CHECK_IN_PERMISSION)` would answer."""
    if not user.is_active or user.is_superuser:
        return Value(user.is_active, output_field=BooleanField())
    params = [user.pk, APP_LABEL, CODENAME]
    return RawSQL(_permission_sql(), params * 2, output_field=BooleanField())
