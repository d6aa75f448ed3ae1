"""On the platform's host: a village applies for its shop (``/daftar-desa/``), the platform
operator reviews the applications (``/operator/desa/``), and an approved village's first
admin opens the one-time link to choose a password (``/akun/aktifkan/…``)."""

from django.contrib import messages
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tokodesa.core.storage import private_file_response
from tokodesa.core.tenancy import across_villages
from tokodesa.core.whatsapp import wa_link
from tokodesa.villages.decorators import operator_only
from tokodesa.villages.models import Membership

from . import services
from .forms import ReviewForm, VillageApplicationForm
from .selectors import application_get, applications_for_review


@require_http_methods(["GET", "POST"])
def apply(request):
    form = VillageApplicationForm(request.POST or None, request.FILES or None)
    show_errors = request.method == "POST" and "refresh" not in request.POST
    if show_errors and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.application_submit(
                details=services.ApplicantDetails(
                    region_code=data["village"],
                    run_by=data["run_by"],
                    organisation=data["organisation"],
                    leader_name=data["leader_name"],
                    contact_name=data["contact_name"],
                    contact_whatsapp=data["contact_whatsapp"],
                    contact_email=data["contact_email"],
                    message=data["message"],
                ),
                document=data["document"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return TemplateResponse(
                request, "onboarding/applied.html", {"application": application}
            )
    return TemplateResponse(
        request, "onboarding/apply.html", {"form": form, "show_errors": show_errors}
    )


@operator_only
def review_list(request):
    status = request.GET.get("status", "")
    return TemplateResponse(
        request,
        "onboarding/review_list.html",
        {"applications": applications_for_review(status=status), "status": status},
    )


@operator_only
@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    application = application_get(pk=pk)
    if application is None:
        raise Http404
    form = ReviewForm(request.POST or None)
    context = {"application": application, "form": form}
    if request.method == "POST" and form.is_valid():
        note, action = form.cleaned_data["note"], request.POST.get("action")
        try:
            if action == "approve":
                approval = services.application_approve(application=application, actor=request.user)
                context.update(_handover(request, approval))
                context["application"] = approval.application
                messages.success(request, _("Approved: the shop is ready for its admin."))
            elif action == "link":
                context.update(
                    _handover(request, services.application_new_link(application=application))
                )
            elif action == "more":
                services.application_request_info(
                    application=application, actor=request.user, note=note
                )
                return redirect("onboarding:review", pk=pk)
            elif action == "reject":
                services.application_reject(
                    application=application, actor=request.user, reason=note
                )
                return redirect("onboarding:review", pk=pk)
        except ValidationError as error:
            if hasattr(error, "error_dict"):  # what the note must say
                form.add_error("note", error.message_dict.get("note") or error.messages)
            else:  # decided already
                messages.error(request, " ".join(error.messages))
    context["reply"] = _reply_link(application)
    return TemplateResponse(request, "onboarding/review.html", context)


def _handover(request, approval) -> dict:
    """The first admin's one-time link, and WhatsApp with it written out to the contact."""
    link = request.build_absolute_uri(
        reverse("onboarding:activate", kwargs={"uidb64": approval.uid, "token": approval.token})
    )
    text = _(
        "Hello %(name)s, the shop of %(village)s on TokoDesa is ready. Open this link to "
        "choose your password (username %(username)s), then follow the first steps: %(link)s"
    ) % {
        "name": approval.application.contact_name,
        "village": approval.village.name,
        "username": approval.admin.get_username(),
        "link": link,
    }
    return {"link": link, "link_wa": wa_link(approval.application.contact_whatsapp, text)}


def _reply_link(application) -> str:
    """WhatsApp to the contact with the platform's decision written out (asked more, declined)."""
    if application.status not in (application.Status.MORE_INFO, application.Status.REJECTED):
        return ""
    text = _("Hello %(name)s, about the application of %(village)s to TokoDesa (%(number)s): ")
    text = text % {
        "name": application.contact_name,
        "village": application.village_name,
        "number": application.number,
    }
    return wa_link(application.contact_whatsapp, text + application.review_note)


@operator_only
def document(request, pk: int):
    application = application_get(pk=pk)
    if application is None or not application.document:
        raise Http404
    return private_file_response(application.document)


class ActivateView(PasswordResetConfirmView):
    """A one-time link to choose a password: a new village admin's, then straight to the
    shop's first steps; a new pemantau's, then to the dashboard."""

    template_name = "onboarding/activate.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"

    def get_success_url(self):
        with across_villages("the new admin's own shop, found by their role"):
            membership = (
                Membership.objects.select_related("village")
                .filter(user=self.user, role=Membership.Role.ADMIN)
                .first()
            )
        if membership is None:  # a pemantau's first login (or an unexpected account)
            return reverse("after-login")
        return f"/{membership.village.slug}/kelola/"
