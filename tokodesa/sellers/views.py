"""The sellers' public pages: a villager applies to sell, and opens their account's link."""

from django.contrib.auth.views import PasswordResetConfirmView
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from . import services
from .forms import SellerApplicationForm
from .models import Seller


@require_http_methods(["GET", "POST"])
def apply(request):
    """Public: a villager applies to sell (approved by the team)."""
    form = SellerApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.seller_register(
            village=request.village, status=Seller.Status.PENDING, **form.cleaned_data
        )
        return TemplateResponse(request, "sellers/applied.html", {})
    return TemplateResponse(request, "sellers/apply.html", {"form": form})


class ActivateView(PasswordResetConfirmView):
    """The villager's one-time link: choose a password, then log in to the stall."""

    template_name = "sellers/activate.html"
    success_url = reverse_lazy("login")
    post_reset_login = False
