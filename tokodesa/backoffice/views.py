from django.template.response import TemplateResponse

from tokodesa.villages.decorators import is_village_admin, team_only

from . import selectors


@team_only
def dashboard(request):
    context = selectors.today(village=request.village)
    context["village_admin"] = is_village_admin(request.user, request.village)
    return TemplateResponse(request, "backoffice/dashboard.html", context)


@team_only
def audit(request):
    return TemplateResponse(
        request, "backoffice/audit.html", {"entries": selectors.audit_log(village=request.village)}
    )
