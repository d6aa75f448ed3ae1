"""Writing the audit log (inside the audited action's own transaction)."""

from tokodesa.core.people import actor_label

from .models import AuditEntry


def audit_record(
    *, village_id: int, actor, action: str, subject: str, before=None, after=None
) -> AuditEntry:
    """Write down a sensitive action (call it inside the action's own transaction)."""
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    label = actor_label(actor, "sistem")
    return AuditEntry.objects.create(
        village_id=village_id,
        actor=actor if authenticated else None,
        actor_label=label,
        action=action,
        subject=str(subject)[:200],
        before=before,
        after=after,
    )
