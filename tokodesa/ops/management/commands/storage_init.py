"""``python -m tokodesa storage_init``: make the object storage ready (S3_BUCKET set).

Creates the public and the private bucket when missing, lets anyone read the public one
(photos and logos; names are random and never listed) and nobody the private one (payment
proofs, reached only through signed URLs). Safe to run again.
"""

import json

from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create the object storage buckets (public photos, private proofs) if missing."

    def handle(self, *args, **options):
        public, private = storages["default"], storages["private"]
        if not hasattr(public, "bucket_name"):
            raise CommandError("S3_BUCKET is not set: media are on the local disk.")
        for store, readable in ((public, True), (private, False)):
            client = store.connection.meta.client
            name = store.bucket_name
            existing = {b["Name"] for b in client.list_buckets().get("Buckets", [])}
            if name not in existing:
                client.create_bucket(Bucket=name)
                self.stdout.write(f"created bucket {name}")
            if readable:
                client.put_bucket_policy(
                    Bucket=name,
                    Policy=json.dumps(
                        {
                            "Version": "2012-10-17",
                            "Statement": [
                                {
                                    "Effect": "Allow",
                                    "Principal": "*",
                                    "Action": "s3:GetObject",
                                    "Resource": f"arn:aws:s3:::{name}/*",
                                }
                            ],
                        }
                    ),
                )
            self.stdout.write(f"{name}: {'public read' if readable else 'private'}")
