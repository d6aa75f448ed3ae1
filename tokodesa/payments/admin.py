from django.contrib import admin

from .models import BankAccount


class BankAccountInline(admin.TabularInline):
    model = BankAccount
    extra = 0
