"""EncryptedAttribute: a field sealed with KMS envelope encryption before it leaves the process.

It needs a KMS key; the test suite creates the alias below in moto's KMS
(moto.mock_aws()), while fakedynamo answers DynamoDB.
"""

import base64

from pydynox import DynamoDBClient, Model, ModelConfig, set_default_client
from pydynox.attributes import EncryptedAttribute, EncryptionMode, StringAttribute
from pydynox.exceptions import EncryptionException

KEY = "alias/customer-data"
client = DynamoDBClient()
set_default_client(client)


class Patient(Model):
    model_config = ModelConfig(table="patients")

    pk = StringAttribute(partition_key=True)
    name = StringAttribute()
    diagnosis = EncryptedAttribute(key_id=KEY, context={"purpose": "medical-records"})


class PatientIntake(Model):
    """The same table seen by a service that may write the field but never read it."""

    model_config = ModelConfig(table="patients")

    pk = StringAttribute(partition_key=True)
    name = StringAttribute()
    diagnosis = EncryptedAttribute(key_id=KEY, mode=EncryptionMode.WriteOnly, context={"purpose": "medical-records"})


def main() -> None:
    Patient.sync_create_table()

    PatientIntake(pk="PAT#1", name="Ada", diagnosis="seasonal allergy").sync_save()

    # DynamoDB only ever sees ciphertext...
    stored = client.sync_get_item("patients", {"pk": "PAT#1"})
    assert stored["diagnosis"].startswith("ENC:") and "allergy" not in stored["diagnosis"]

    # ...and a model allowed to read decrypts it on load.
    assert Patient.sync_get(pk="PAT#1").diagnosis == "seasonal allergy"

    # WriteOnly never asks KMS to decrypt: it loads the stored ciphertext as it is.
    assert PatientIntake.sync_get(pk="PAT#1").diagnosis == stored["diagnosis"]

    # A value altered in the table fails to open, rather than reading as something else.
    sealed = bytearray(base64.b64decode(stored["diagnosis"].removeprefix("ENC:")))
    sealed[-1] ^= 1
    client.sync_put_item("patients", {**stored, "diagnosis": "ENC:" + base64.b64encode(sealed).decode()})
    try:
        Patient.sync_get(pk="PAT#1")
    except EncryptionException as error:
        refused = str(error)
    assert refused.startswith("Decryption failed")


if __name__ == "__main__":
    main()
