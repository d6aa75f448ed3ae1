"""Operators' command for villages: ``python -m tokodesa village create <code> --admin-whatsapp …``.

Does what approving an application on ``/operator/desa/`` does, from a terminal: the shop of
the desa with that Kemendagri code, complete, and its first admin's one-time link. Running it
again for the same desa changes nothing and says where the shop is.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from tokodesa.core.tenancy import across_villages
from tokodesa.onboarding import services
from tokodesa.onboarding.models import VillageApplication
from tokodesa.regions.models import normalize_code
from tokodesa.villages.selectors import village_by_region_code


class Command(BaseCommand):
    help = "Create a village shop from its Kemendagri code (see `village create --help`)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="the shop of one desa/kelurahan, with its admin")
        create.add_argument("code", help="Kemendagri code, e.g. 17.08.05.2007 or 1708052007")
        create.add_argument("--admin-whatsapp", required=True, help="the first admin's number")
        create.add_argument("--admin-name", default="", help="the first admin's name")
        create.add_argument("--admin-email", default="")
        create.add_argument("--leader", default="", help="Kepala Desa or BUMDes director")
        create.add_argument(
            "--bumdes", default="", metavar="NAME", help="run by this BUMDes (else the government)"
        )
        create.add_argument(
            "--base-url",
            default="",
            help="the platform's address for the printed link, e.g. https://tokodesa.id",
        )

    def handle(self, *args, action, **options):
        code = normalize_code(options["code"])
        if code is None or code.count(".") != 3:
            raise CommandError(f"{options['code']!r} is not a desa/kelurahan code (17.08.05.2007).")
        with across_villages("an operator's command creates a village"):
            existing = village_by_region_code(region_code=code)
            if existing is not None:
                self.stdout.write(
                    f"{existing.name} already has its shop: /{existing.slug}/ "
                    f"({existing.get_status_display()}). Nothing changed."
                )
                return
            name = options["admin_name"] or "Pengelola"
            try:
                application = services.application_submit(
                    details=services.ApplicantDetails(
                        region_code=code,
                        run_by=VillageApplication.RunBy.BUMDES
                        if options["bumdes"]
                        else VillageApplication.RunBy.GOVERNMENT,
                        organisation=options["bumdes"],
                        leader_name=options["leader"] or name,
                        contact_name=name,
                        contact_whatsapp=options["admin_whatsapp"],
                        contact_email=options["admin_email"],
                    )
                )
                approval = services.application_approve(application=application, actor=None)
            except ValidationError as error:
                problems = "; ".join(
                    f"{field}: {' '.join(messages)}"
                    for field, messages in getattr(
                        error, "message_dict", {"": error.messages}
                    ).items()
                )
                raise CommandError(problems) from None
        link = reverse(
            "onboarding:activate", kwargs={"uidb64": approval.uid, "token": approval.token}
        )
        base = options["base_url"].rstrip("/")  # else the path, on the platform's address
        self.stdout.write(
            f"Created {approval.village.name}: /{approval.village.slug}/ (being prepared, "
            f"order codes {approval.village.order_prefix}-…, {approval.village.time_zone}).\n"
            f"First admin: {approval.admin.get_username()}; one-time link to choose a "
            f"password:\n{base}{link}"
        )
