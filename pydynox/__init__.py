"""pydynox: the pydynox ORM API in pure Python on botocore (in progress, see issue 6)."""
