from tokodesa.core.admin import ServiceInline, TabularInline
from tokodesa.villages.admin import VillageInlineMixin, register_village_inline

from . import services
from .models import BankAccount


@register_village_inline
class BankAccountInline(VillageInlineMixin, ServiceInline, TabularInline):
    """Where buyers transfer to: written by the payments services, every change audited."""

    model = BankAccount
    fields = ["bank_name", "account_number", "account_holder", "is_active", "position"]
    extra = 0

    def save_row(self, request, parent, form):
        data = {name: form.cleaned_data[name] for name in self.fields}
        if form.instance.pk is None:
            account = services.bank_account_add(
                village=parent,
                actor=request.user,
                bank_name=data["bank_name"],
                account_number=data["account_number"],
                account_holder=data["account_holder"],
            )
            if not data["is_active"] or data["position"] != account.position:
                account = services.bank_account_change(
                    village=parent,
                    actor=request.user,
                    account_id=account.pk,
                    is_active=data["is_active"],
                    position=data["position"],
                )
            return account
        return services.bank_account_change(
            village=parent, actor=request.user, account_id=form.instance.pk, **data
        )

    def delete_row(self, request, parent, obj):
        # Kept, out of use: past orders and the audit log still name the account.
        services.bank_account_change(
            village=parent, actor=request.user, account_id=obj.pk, is_active=False
        )
