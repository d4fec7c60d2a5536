"""Integrations: DynamoDB methods on dataclasses and pydantic models (`dynamodb_model`)."""

from pydynox.integrations.functions import dynamodb_model

__all__ = ["dynamodb_model"]
