"""Problems with received goods: the buyer reports one per line within the village's window;
the shop team decides, once: refund (money owed to the buyer, the seller's earning taken back
by a new ledger entry), replace, or decline with a reason. Stock comes back only when the team
says the goods came back. Every decision is in the audit log."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tokodesa.audit.services import audit_record
from tokodesa.catalog.services import stock_release
from tokodesa.core.images import clean_photos
from tokodesa.core.people import actor_label
from tokodesa.core.templatetags.rupiah import format_rupiah
from tokodesa.core.validators import plain_text
from tokodesa.ledger.services import earning_reverse
from tokodesa.payments.services import refund_record_due

from .models import PHOTOS_MAX, TEXT_MAX, ProblemPhoto, ProblemReport

S = ProblemReport.Status


def report_deadline(order):
    """Until when the buyer may report a problem (None: not a completed order, or the village
    takes reports on WhatsApp only)."""
    days = order.village.problem_days
    completed = order.events.filter(to_status="completed").order_by("-created_at").first()
    if order.status != "completed" or completed is None or not days:
        return None
    return completed.created_at + timedelta(days=days)


@transaction.atomic
def problem_report(*, order, line_id, kind: str, text: str = "", photos=()) -> ProblemReport:
    """The buyer reports a problem with one received line, once, within the window."""
    deadline = report_deadline(order)
    if deadline is None:
        raise ValidationError(_("Problems can be reported once the order is completed."))
    if timezone.now() > deadline:
        raise ValidationError(
            _("The time to report a problem ended on %(day)s. Please ask the shop on WhatsApp.")
            % {"day": timezone.localtime(deadline).strftime("%d-%m-%Y")}
        )
    line = order.lines.filter(pk=line_id).first()
    if line is None:
        raise ValidationError(_("This item is not in the order."))
    if kind not in ProblemReport.Kind.values:
        raise ValidationError({"kind": _("Choose what the problem is.")})
    text = plain_text(text, limit=TEXT_MAX, field="text")
    cleaned = clean_photos(photos, limit=PHOTOS_MAX)
    try:
        with transaction.atomic():
            report = ProblemReport.objects.create(
                village_id=order.village_id, order_line=line, kind=kind, text=text
            )
    except IntegrityError as error:
        raise ValidationError(_("A problem with this item was reported already.")) from error
    for content in cleaned:
        photo = ProblemPhoto(village_id=order.village_id, report=report)
        photo.image.save(content.name, content, save=True)
    return report


@transaction.atomic
def problem_decide(
    *, report: ProblemReport, decision: str, actor, refund: int = 0, note: str = "",
    goods_back: bool = False,
) -> ProblemReport:  # fmt: skip
    """Decide a reported problem, once: ``refund`` (in whole rupiah, up to what the buyer paid
    for the line), ``replace`` or ``decline`` (a note saying why is required)."""
    report = ProblemReport.objects.select_for_update().get(pk=report.pk, village=report.village_id)
    if report.status != S.OPEN:
        raise ValidationError(_("This problem was decided already."))
    line = report.order_line
    order = line.order
    note = " ".join(str(note or "").split())[:300]
    reversed_earning = 0
    if decision == "refund":
        paid = line.line_total - line.discount
        if not isinstance(refund, int) or not 1 <= refund <= paid:
            raise ValidationError(
                {
                    "refund": _("Enter the refund, from Rp1 to %(max)s.")
                    % {"max": format_rupiah(paid)}
                }
            )
        reason = _("Problem with %(item)s: %(kind)s") % {
            "item": line.product_name, "kind": report.get_kind_display()
        }  # fmt: skip
        refund_record_due(order=order, actor=actor, reason=reason, amount=refund)
        reversed_earning = earning_reverse(
            line=line, refunded=refund, note=f"{order.code}: {reason}"
        )
        status = S.REFUNDED
    elif decision == "replace":
        refund, status = 0, S.REPLACED
    elif decision == "decline":
        if len(note) < 3:
            raise ValidationError({"note": _("Say why the problem is declined.")})
        refund, status = 0, S.DECLINED
    else:
        raise ValidationError({"decision": _("Choose refund, replace or decline.")})
    if goods_back and line.variant_id:
        stock_release(village_id=order.village_id, quantities={line.variant_id: line.quantity})
    ProblemReport.objects.filter(pk=report.pk).update(
        status=status,
        refund=refund,
        reversed_earning=reversed_earning,
        goods_back=goods_back and bool(line.variant_id),
        decision_note=note,
        decided_by=actor_label(actor),
        decided_at=timezone.now(),
    )
    audit_record(
        village_id=order.village_id,
        actor=actor,
        action="problem_decided",
        subject=f"{order.code} · {line.product_name}",
        after={"decision": status, "amount": refund, "reason": note},
    )
    report.refresh_from_db()
    return report
