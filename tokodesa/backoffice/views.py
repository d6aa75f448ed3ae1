from django.template.response import TemplateResponse

from tokodesa.villages.decorators import team_only

from . import selectors


@team_only
def dashboard(request):
    return TemplateResponse(
        request, "backoffice/dashboard.html", selectors.today(village=request.village)
    )


@team_only
def audit(request):
    return TemplateResponse(
        request, "backoffice/audit.html", {"entries": selectors.audit_log(village=request.village)}
    )
