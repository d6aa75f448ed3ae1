from django.db import transaction

from .models import BankAccount


@transaction.atomic
def bank_account_add(
    *, village, bank_name: str, account_number: str, account_holder: str
) -> BankAccount:
    account = BankAccount(
        village=village,
        bank_name=bank_name.strip(),
        account_number=account_number.strip(),
        account_holder=account_holder.strip(),
        position=village.bank_accounts.count(),
    )
    account.full_clean()
    account.save()
    return account
