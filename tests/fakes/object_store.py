"""A local S3-compatible object store for the tests: moto in server mode on
127.0.0.1 (registered in tests/conftest.py). No test reaches the internet.

`object_store` is the running server; `s3_bucket` a new, empty bucket on it;
`s3_media` switches Django's default storage to that bucket, with the same options
the settings build from `AWS_*` variables, and points `MEDIA_ROOT` at an empty
folder, so a test can prove nothing lands on the local disk.
"""

import importlib.util
import socket
import uuid
from dataclasses import dataclass

import boto3
import pytest

from site_config.settings import base

ACCESS_KEY = "testing-access-key"
SECRET_KEY = "testing-secret-key"  # noqa: S105
REGION = "eu-west-2"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ObjectStore:
    endpoint_url: str

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def new_bucket(self):
        name = f"media-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        return Bucket(self, name)

    def environment(self, bucket):
        """The variables a deployment sets to keep its media in `bucket`."""
        return {
            "AWS_STORAGE_BUCKET_NAME": bucket.name,
            "AWS_S3_ENDPOINT_URL": self.endpoint_url,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        }


@dataclass
class Bucket:
    store: ObjectStore
    name: str

    def object_keys(self):
        pages = self.store.client().get_paginator("list_objects_v2")
        return sorted(
            item["Key"]
            for page in pages.paginate(Bucket=self.name)
            for item in page.get("Contents", [])
        )

    def read(self, key):
        return self.store.client().get_object(Bucket=self.name, Key=key)["Body"].read()

    def plain_url(self, key):
        """`key`'s unsigned address: what anyone without a signed link would try."""
        return f"{self.store.endpoint_url}/{self.name}/{key}"


@pytest.fixture(scope="session")
def object_store():
    # Test-only server, loaded only by the tests that use it.
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield ObjectStore(endpoint_url=f"http://127.0.0.1:{port}")
    finally:
        server.stop()


@pytest.fixture
def s3_bucket(object_store):
    return object_store.new_bucket()


@pytest.fixture
def s3_media(object_store, s3_bucket, settings, tmp_path, monkeypatch):
    """Django's media on `s3_bucket`, built by the settings from the environment."""
    for name, value in object_store.environment(s3_bucket).items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": media_storage_setting(),
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    return s3_bucket


def media_storage_setting():
    """STORAGES["default"] as site/settings/base.py builds it from the environment
    as it is now (loaded afresh: the settings module already ran)."""
    spec = importlib.util.spec_from_file_location("_fresh_base", base.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.STORAGES["default"]
