"""S3Attribute: a file kept in S3 next to its item; the item holds the file's metadata.

It needs an S3 bucket; the test suite creates the bucket below in moto's S3
(moto.mock_aws()), while fakedynamo answers DynamoDB.
"""

import asyncio
import tempfile
from pathlib import Path

from pydynox import DynamoDBClient, Model, ModelConfig, set_default_client
from pydynox.attributes import S3Attribute, S3File, S3Value, StringAttribute

BUCKET = "app-documents"
client = DynamoDBClient()
set_default_client(client)


class Contract(Model):
    model_config = ModelConfig(table="contracts")

    pk = StringAttribute(partition_key=True)
    customer = StringAttribute()
    scan = S3Attribute(bucket=BUCKET, prefix="contracts/")


async def main() -> None:
    await Contract.create_table()

    pdf = S3File(b"%PDF-1.7 ...", name="signed.pdf", content_type="application/pdf", metadata={"pages": "3"})
    contract = Contract(pk="CON#7", customer="Ada", scan=pdf)
    await contract.save()  # uploads the file first, then writes the item

    # The item stores where the file is; the bytes live in S3.
    stored = await client.get_item("contracts", {"pk": "CON#7"})
    assert stored["scan"]["bucket"] == BUCKET and stored["scan"]["size"] == 12
    uploads = Contract.get_total_metrics()  # S3 work counts in the model's metrics
    assert (uploads.s3_calls, uploads.s3_bytes_uploaded) == (1, 12)

    loaded = await Contract.get(pk="CON#7")
    assert isinstance(loaded.scan, S3Value)
    assert loaded.scan.key == "contracts/CON/7/signed.pdf"
    assert await loaded.scan.get_bytes() == b"%PDF-1.7 ..."
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "copy.pdf"
        await loaded.scan.save_to(target)
        assert target.read_bytes() == b"%PDF-1.7 ..."
    link = await loaded.scan.presigned_url(expires=300)  # a time-limited download link
    assert "signed.pdf" in link

    await loaded.delete()  # deletes the S3 object too


if __name__ == "__main__":
    asyncio.run(main())
