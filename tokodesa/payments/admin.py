from tokodesa.core.admin import TabularInline

from .models import BankAccount


class BankAccountInline(TabularInline):
    model = BankAccount
    extra = 0
