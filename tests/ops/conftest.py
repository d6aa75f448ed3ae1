import socket

import boto3
import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    """A real S3 HTTP endpoint on loopback (moto's server), for the whole run."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def s3_settings(endpoint: str, bucket: str) -> dict:
    common = {
        "endpoint_url": endpoint,
        "region_name": "us-east-1",
        "access_key": "tokodesa-test",
        "secret_key": "tokodesa-test-secret",
        "file_overwrite": False,
    }
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**common, "bucket_name": bucket, "querystring_auth": False},
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "bucket_name": f"{bucket}-private",
                "querystring_auth": True,
                "querystring_expire": 300,
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def object_storage(settings, s3_endpoint):
    """Media in two fresh buckets of the S3 endpoint (made by ``storage_init``)."""
    from django.core.management import call_command

    bucket = f"media-{free_port()}"
    settings.STORAGES = s3_settings(s3_endpoint, bucket)
    call_command("storage_init", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="tokodesa-test",
        aws_secret_access_key="tokodesa-test-secret",
    )
    return client, bucket
